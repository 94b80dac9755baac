/**
 * One page of a catalog: the assets that at least one visible contract definition selects and the
 * request's filter admits, oldest first. The asset store's queries AND their criteria; a catalog is
 * the union (OR) of several selectors, so this reads the asset table through the participant
 * context's tenant repository itself.
 *
 * When every selector and the filter can be decided in SQL (or one selector selects everything),
 * the page is one paged SQL query and costs the same at any depth of a large catalog. Otherwise
 * the rows the SQL part returns are read in batches and tested in memory, which costs in
 * proportion to the participant's assets that pass the SQL part.
 */
import type { FilterQuery } from '@mikro-orm/core';
import { type Database, MAX_PAGE_LIMIT, type PageRequest, type TenantRepository } from '@tdss/sdk';
import { type Asset, AssetEntity, type AssetRow, toAsset } from '../asset/asset.ts';
import type { OfferSource } from './catalog-offers.ts';
import type { CompiledSelector, SqlCondition } from './compile-selector.ts';

export interface DatasetEntry {
  readonly asset: Asset;
  /** The visible contract definitions that select it, oldest first; never empty. */
  readonly sources: readonly OfferSource[];
}

export interface DatasetPage {
  readonly items: DatasetEntry[];
  /** Datasets on all pages. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

const ORDER: PageRequest<AssetRow>['orderBy'] = { createdAt: 'asc', id: 'asc' };

export async function selectDatasets(
  db: Database,
  participantContextId: string,
  sources: readonly OfferSource[],
  filter: CompiledSelector,
  page: { offset: number; limit: number },
): Promise<DatasetPage> {
  const { offset, limit } = page;
  if (sources.length === 0) return { items: [], total: 0, offset, limit };
  const repository = db.tenantRepository(AssetEntity, participantContextId);
  const selectsAll = sources.some((source) => source.selector.sql.length === 0);
  const union = selectsAll ? [] : [{ $or: distinct(sources.map((source) => ({ $and: source.selector.sql }))) }];
  const conditions = [...union, ...filter.sql];
  const where = (conditions.length ? { $and: conditions } : {}) as FilterQuery<AssetRow>;
  const entry = (row: AssetRow): DatasetEntry | undefined => {
    const applicable = sources.filter((source) => source.selector.matches(row));
    return applicable.length > 0 && filter.matches(row) ? { asset: toAsset(row), sources: applicable } : undefined;
  };

  const unionExact = sources.some((source) => source.selector.sql.length === 0 && source.selector.exact) || sources.every((source) => source.selector.exact);
  if (unionExact && filter.exact) {
    const found = await repository.find(where, { offset, limit, orderBy: ORDER });
    return { items: found.items.map((row) => entry(row)!), total: found.total, offset, limit };
  }
  return scan(repository, where, entry, offset, limit);
}

async function scan(
  repository: TenantRepository<AssetRow>,
  where: FilterQuery<AssetRow>,
  entry: (row: AssetRow) => DatasetEntry | undefined,
  offset: number,
  limit: number,
): Promise<DatasetPage> {
  const items: DatasetEntry[] = [];
  let total = 0;
  for (let scanned = 0; ; scanned += MAX_PAGE_LIMIT) {
    const batch = await repository.find(where, { offset: scanned, limit: MAX_PAGE_LIMIT, orderBy: ORDER });
    for (const row of batch.items) {
      const found = entry(row);
      if (!found) continue;
      if (total >= offset && total < offset + limit) items.push(found);
      total += 1;
    }
    if (batch.items.length < MAX_PAGE_LIMIT) break;
  }
  return { items, total, offset, limit };
}

function distinct(conditions: Array<{ $and: readonly SqlCondition[] }>): Array<{ $and: readonly SqlCondition[] }> {
  const seen = new Map(conditions.map((condition) => [JSON.stringify(condition), condition]));
  return [...seen.values()];
}
