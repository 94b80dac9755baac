import type { EntityDictionary, EntityManager, EntitySchema } from '@mikro-orm/core';
import type { Database } from '@tdss/sdk';
import type { EntityTable } from './entity-table.ts';

export interface FindContext<T extends object> {
  readonly db: Database;
  readonly table: EntityTable;
  readonly entity: EntitySchema<T, any>;
}

/** The first row whose properties equal `where`, by one statement outside the ORM's unit of work (in `em`'s transaction when given). */
export async function findRow<T extends object>(ctx: FindContext<T>, where: Readonly<Record<string, unknown>>, em?: EntityManager): Promise<T | null> {
  let query = ctx.db.kysely(em).selectFrom(ctx.table.table).selectAll();
  for (const [column, value] of Object.entries(ctx.table.toColumns(where))) query = query.where(column, '=', value);
  const raw = await query.limit(1).executeTakeFirst();
  if (!raw) return null;
  return (ctx.table.fromColumns(raw) ?? (em ?? ctx.db.em()).map(ctx.entity, raw as EntityDictionary<T>)) as T;
}
