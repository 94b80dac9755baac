/**
 * Asset criteria (a contract definition's assets selector, or a catalog request's filter) split
 * the way the asset store splits them: `=`, `!=` and `in` on a column become SQL, everything else
 * (keys inside JSON columns, like, ilike) is tested on the rows the SQL part returns.
 */
import type { Asset } from '../asset/asset.ts';
import type { Criterion } from '../management/criterion.ts';
import { criterionPredicate } from '../management/match-criterion.ts';
import { fieldValue, type QueryFields } from '../management/query-fields.ts';

export type SqlCondition = Record<string, unknown>;

/** What criteria read of an asset (a stored row has these members too). */
export type SelectableAsset = Pick<Asset, 'id' | 'properties' | 'privateProperties'>;

export interface CompiledSelector {
  /** All must hold; empty when nothing can be decided in SQL. */
  readonly sql: readonly SqlCondition[];
  /** Whether the SQL part decides alone (no criterion is tested in memory). */
  readonly exact: boolean;
  /** The whole selector, for a row. */
  matches(row: SelectableAsset): boolean;
}

const SQL_OPERATORS: ReadonlySet<string> = new Set(['=', '!=', 'in']);

export function compileSelector(criteria: readonly Criterion[], fields: QueryFields): CompiledSelector {
  const sql: SqlCondition[] = [];
  const tests: Array<(row: SelectableAsset) => boolean> = [];
  let exact = true;
  for (const criterion of criteria) {
    const field = fields.resolveFilter(criterion.operandLeft);
    if (!field) {
      // A selector naming a field assets do not have selects nothing.
      tests.push(() => false);
      exact = false;
      continue;
    }
    const test = criterionPredicate(criterion);
    tests.push((row) => test(fieldValue(row, field)));
    if (field.kind === 'column' && SQL_OPERATORS.has(criterion.operator)) sql.push(sqlCondition(criterion, field.name));
    else exact = false;
  }
  return { sql, exact, matches: (row) => tests.every((test) => test(row)) };
}

function sqlCondition(criterion: Criterion, column: string): SqlCondition {
  const right = criterion.operandRight;
  if (criterion.operator === 'in') return { [column]: { $in: (Array.isArray(right) ? right : [right]).map(String) } };
  if (criterion.operator === '!=') return { [column]: { $ne: String(right) } };
  return { [column]: String(right) };
}
