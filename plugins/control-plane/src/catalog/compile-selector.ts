/**
 * Asset criteria (a contract definition's assets selector, or a catalog request's filter) split
 * the way the asset store splits them: `=`, `!=` and `in` on a column become SQL, everything else
 * (keys inside JSON columns, like, ilike) is tested on the rows the SQL part returns.
 */
import type { Asset } from '../asset/asset.ts';
import type { Criterion } from '../management/criterion.ts';
import { sqlConditionOf } from '../management/criterion-sql.ts';
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
    const condition = sqlConditionOf(criterion, field);
    if (condition) sql.push(condition);
    else exact = false;
  }
  return { sql, exact, matches: (row) => tests.every((test) => test(row)) };
}
