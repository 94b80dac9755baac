/**
 * Runs a list query against one tenant's rows. Criteria on top-level columns with `=`, `!=` and
 * `in` become SQL, and so does sorting by a column: such a query is one paged, tenant-scoped SQL
 * query. Criteria on keys inside JSON columns, and `like`/`ilike`, are matched in memory: the rows
 * that pass the SQL part are read in batches of 500 (the tenant filter always applies), so the
 * cost grows with the number of this tenant's rows that pass the SQL part; only the requested
 * page is kept, unless the sort is on a JSON key too, which holds all matching rows to sort them.
 * This works alike on PostgreSQL and SQLite, which query JSON differently.
 */
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page, type PageRequest, problems, type TenantRepository } from '@tdss/sdk';
import type { FilterQuery } from '@mikro-orm/core';
import { normalOperand } from './criterion.ts';
import { sqlConditionOf } from './criterion-sql.ts';
import type { ManagementQuery } from './management-query.ts';
import type { ManagedRow } from './resource-store.ts';
import { compareValues, criterionPredicate } from './match-criterion.ts';
import { fieldValue, type QueryField, type QueryFields } from './query-fields.ts';

const SCAN_BATCH = MAX_PAGE_LIMIT;

export async function runQuery<R extends ManagedRow>(repository: TenantRepository<R>, query: ManagementQuery, fields: QueryFields): Promise<Page<R>> {
  const offset = query.offset ?? 0;
  const limit = Math.min(query.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
  const { where, inMemory } = splitFilter<R>(query.filter, fields);

  const descending = query.sortOrder === 'DESC';
  const sortField = query.sortField === undefined ? undefined : resolve(fields.resolveSort(normalOperand(query.sortField)), 'sortField', query.sortField);
  const direction = descending ? 'desc' : 'asc';
  // Ties are broken by id, so pages are stable; the repository adds the primary key after it.
  const orderBy = (
    sortField?.kind !== 'column' ? { createdAt: 'asc', id: 'asc' } : sortField.name === 'id' ? { id: direction } : { [sortField.name]: direction, id: 'asc' }
  ) as PageRequest<R>['orderBy'];

  if (inMemory.length === 0 && sortField?.kind !== 'json') return repository.find(where, { offset, limit, orderBy });

  const matches = (row: R) => inMemory.every(({ field, test }) => test(fieldValue(row, field)));
  const kept: R[] = [];
  let total = 0;
  for (let scanned = 0; ; scanned += SCAN_BATCH) {
    const batch = await repository.find(where, { offset: scanned, limit: SCAN_BATCH, orderBy });
    for (const row of batch.items) {
      if (!matches(row)) continue;
      if (sortField?.kind === 'json' || (total >= offset && total < offset + limit)) kept.push(row);
      total += 1;
    }
    if (batch.items.length < SCAN_BATCH) break;
  }
  if (sortField?.kind !== 'json') return { items: kept, total, offset, limit };
  // Array.prototype.sort is stable: rows with equal values keep the SQL order (oldest first).
  kept.sort((a, b) => compareValues(fieldValue(a, sortField), fieldValue(b, sortField), descending));
  return { items: kept.slice(offset, offset + limit), total, offset, limit };
}

/** Whether any row meets every criterion: one `count` statement when all of them are SQL. */
export async function anyMatches<R extends ManagedRow>(repository: TenantRepository<R>, filter: ManagementQuery['filter'], fields: QueryFields): Promise<boolean> {
  const { where, inMemory } = splitFilter<R>(filter, fields);
  if (inMemory.length === 0) return (await repository.count(where)) > 0;
  return (await runQuery(repository, { filter, limit: 1 }, fields)).total > 0;
}

/** The criteria SQL can answer, as one condition, and those matched in memory. */
function splitFilter<R extends ManagedRow>(filter: ManagementQuery['filter'], fields: QueryFields) {
  const criteria = (filter ?? []).map((criterion, i) => ({ criterion, field: resolve(fields.resolveFilter(normalOperand(criterion.operandLeft)), `filter[${i}]`, criterion.operandLeft) }));
  const split = criteria.map((entry) => ({ ...entry, sql: sqlConditionOf(entry.criterion, entry.field) }));
  const inMemory = split.filter((entry) => !entry.sql).map(({ criterion, field }) => ({ field, test: criterionPredicate(criterion) }));
  const conditions = split.flatMap((entry) => (entry.sql ? [entry.sql] : []));
  return { where: (conditions.length ? { $and: conditions } : {}) as FilterQuery<R>, inMemory };
}

function resolve(field: QueryField | undefined, path: string, name: string): QueryField {
  if (!field) throw problems.badRequest(`${path}: there is no field ${JSON.stringify(name)} to filter or sort by`);
  return field;
}
