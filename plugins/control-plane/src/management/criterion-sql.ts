/**
 * Which criteria SQL decides, and how: `=`, `!=` and `in` on a top-level column. The rest (keys inside
 * JSON columns, like, ilike) is matched in memory, alike on PostgreSQL and SQLite.
 */
import { asList, type Criterion } from './criterion.ts';
import type { QueryField } from './query-fields.ts';

const SQL_OPERATORS: ReadonlySet<string> = new Set(['=', '!=', 'in']);

/** The criterion as a MikroORM filter, or undefined when it has to be tested in memory. */
export function sqlConditionOf(criterion: Criterion, field: QueryField): Record<string, unknown> | undefined {
  if (field.kind !== 'column' || !SQL_OPERATORS.has(criterion.operator)) return undefined;
  const right = criterion.operandRight;
  if (criterion.operator === 'in') return { [field.name]: { $in: asList(right).map(String) } };
  if (criterion.operator === '!=') return { [field.name]: { $ne: String(right) } };
  return { [field.name]: String(right) };
}
