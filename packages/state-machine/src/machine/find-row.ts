import type { EntityManager } from '@mikro-orm/core';
import { type FindContext, mapRow } from './map-row.ts';

/** The first row whose properties equal `where`, by one statement outside the ORM's unit of work (in `em`'s transaction when given). */
export async function findRow<T extends object>(ctx: FindContext<T>, where: Readonly<Record<string, unknown>>, em?: EntityManager): Promise<T | null> {
  let query = ctx.db.kysely(em).selectFrom(ctx.table.table).selectAll();
  for (const [column, value] of Object.entries(ctx.table.toColumns(where))) query = query.where(column, '=', value);
  const raw = await query.limit(1).executeTakeFirst();
  return raw ? mapRow(ctx, raw, em) : null;
}
