import type { EntityDictionary, EntityManager, EntitySchema } from '@mikro-orm/core';
import type { Database } from '@tdss/sdk';
import type { EntityTable } from './entity-table.ts';

/** An entity, its table and the database it lives in: what reading its rows without the ORM needs. */
export interface FindContext<T extends object> {
  readonly db: Database;
  readonly table: EntityTable;
  readonly entity: EntitySchema<T, any>;
}

/**
 * A row as read (columns) as the entity: by the table's mapping, or by the ORM (`em`, else a fork
 * of its own) for an entity the mapping does not cover.
 */
export function mapRow<T extends object>(ctx: FindContext<T>, raw: Readonly<Record<string, unknown>>, em?: EntityManager): T {
  return (ctx.table.fromColumns(raw) ?? (em ?? ctx.db.em()).map(ctx.entity, raw as EntityDictionary<T>)) as T;
}
