import type { EntityMetadata } from '@mikro-orm/core';
import { type PageRequest, problems } from '@tdss/sdk';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface PageOptions {
  offset: number;
  limit: number;
  orderBy: Array<Record<string, 'asc' | 'desc'>>;
}

/**
 * Checks a page request, which often comes straight from query parameters, and always ends the
 * sort with the primary key so that rows with equal sort values keep their order between pages.
 */
export function pageOptions(meta: EntityMetadata<any>, primaryKey: string, page: PageRequest<any> = {}): PageOptions {
  const offset = page.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw problems.badRequest(`offset must be a whole number of 0 or more, found ${offset}`);
  const limit = page.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw problems.badRequest(`limit must be a whole number of 1 or more, found ${limit}`);
  const orderBy: PageOptions['orderBy'] = [];
  for (const [key, direction] of Object.entries(page.orderBy ?? {})) {
    if (direction === undefined) continue;
    if (meta.properties[key]?.kind !== 'scalar') {
      throw problems.badRequest(`cannot sort ${meta.className} by "${key}": not a field of it`);
    }
    if (direction !== 'asc' && direction !== 'desc') {
      throw problems.badRequest(`sort direction of "${key}" must be asc or desc, found ${JSON.stringify(direction)}`);
    }
    orderBy.push({ [key]: direction });
  }
  if (!orderBy.some((o) => primaryKey in o)) orderBy.push({ [primaryKey]: 'asc' });
  return { offset, limit: Math.min(limit, MAX_LIMIT), orderBy };
}
