/**
 * Persistence on MikroORM, one entity set for PostgreSQL and SQLite. Plugins contribute their
 * entities and migrations; the store plugin runs the migrations of every plugin at start-up.
 */
import type { EntityData, EntityManager, EntitySchema, FilterQuery, MikroORM, RequiredEntityData } from '@mikro-orm/core';
import type { Kysely } from 'kysely';
import { createExtensionPoint, createServiceToken } from '../token.ts';

export type SqlDialect = 'sqlite' | 'postgresql';

export interface MigrationContext {
  readonly dialect: SqlDialect;
  /**
   * Kysely bound to the migration's transaction: its schema builder writes DDL for either dialect.
   * Column types that differ: a MikroORM `datetime` property needs `timestamptz` on PostgreSQL and
   * `datetime` on SQLite (where MikroORM stores epoch milliseconds).
   */
  readonly db: Kysely<any>;
}

export interface MigrationDefinition {
  /** Unique within the plugin and never renamed once released, e.g. `0001-create-assets`. */
  readonly name: string;
  up(ctx: MigrationContext): Promise<void>;
  down?(ctx: MigrationContext): Promise<void>;
}

/**
 * Contribute it in `register()`: the store collects every contribution when it starts. Prefix
 * table and entity names with the plugin's own (e.g. `tdss_secrets`): all plugins share one schema.
 */
export interface DatabaseSchema {
  /** The contributing plugin; migrations are recorded as `<plugin>/<migration name>`. */
  readonly plugin: string;
  /** Declared with `defineEntity` or `new EntitySchema` (no decorators, no reflection). */
  readonly entities: readonly EntitySchema<any, any>[];
  /** Applied in array order, each in its own transaction. */
  readonly migrations: readonly MigrationDefinition[];
}

export const DatabaseSchemas = createExtensionPoint<DatabaseSchema>('tdss.DatabaseSchemas', {
  description: 'Entities and migrations that a plugin keeps in the shared database.',
});

/** Every tenant-owned row has this column; tenant repositories set and filter it themselves. */
export interface TenantOwned {
  tenantId: string;
}

export interface PageRequest<T> {
  /** Rows to skip; 0 when absent. */
  offset?: number;
  /** Rows to return; 50 when absent, and never more than 500 (larger values are lowered to 500). */
  limit?: number;
  /** Sort keys; the primary key always follows as the last key, so pages are stable. */
  orderBy?: Partial<Record<keyof T & string, 'asc' | 'desc'>>;
}

export interface Page<T> {
  items: T[];
  /** Rows matching the filter, on all pages. */
  total: number;
  offset: number;
  /** The limit that was applied. */
  limit: number;
}

/**
 * A repository that can only ever see one tenant's rows: the tenant filter is added to every
 * query and set on every created row, so a caller cannot widen it. Relations take the id of a
 * related row (never a nested object), and a related entity that is tenant-owned must belong to
 * the same tenant.
 */
export interface TenantRepository<T extends TenantOwned> {
  readonly tenantId: string;
  findOne(where: FilterQuery<T>): Promise<T | null>;
  /** Like findOne, but a missing row is a 404 problem naming the entity and id. */
  getById(id: string): Promise<T>;
  find(where?: FilterQuery<T>, page?: PageRequest<T>): Promise<Page<T>>;
  count(where?: FilterQuery<T>): Promise<number>;
  /** Creates and flushes a row owned by this tenant; a `tenantId` in `data` is ignored. */
  create(data: Omit<RequiredEntityData<T>, 'tenantId'>): Promise<T>;
  /**
   * Applies changes to a row of this tenant and flushes; 404 when it is not this tenant's.
   * `tenantId` and the primary key in `changes` are ignored: a row keeps its tenant and identity.
   */
  update(id: string, changes: Omit<EntityData<T>, 'tenantId'>): Promise<T>;
  /** Returns whether a row was removed. */
  delete(id: string): Promise<boolean>;
  /** Removes every row of this tenant in this entity; returns how many. */
  deleteAll(): Promise<number>;
}

export interface Database {
  readonly dialect: SqlDialect;
  readonly orm: MikroORM;
  /** A fresh EntityManager fork; use one per unit of work. */
  em(): EntityManager;
  /** Runs `fn` in one transaction on a fresh fork; commits when it resolves. */
  transactional<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /** Kysely for queries the ORM does not express; bound to `em`'s transaction when `em` is in one. */
  kysely(em?: EntityManager): Kysely<any>;
  /**
   * The tenant-scoped repository of an entity. Without `em` every call runs on a fresh fork;
   * pass one to take part in its unit of work (e.g. inside `transactional`).
   */
  tenantRepository<T extends TenantOwned>(entity: EntitySchema<T, any>, tenantId: string, em?: EntityManager): TenantRepository<T>;
}

export const Database = createServiceToken<Database>('tdss.Database', {
  description: 'The shared SQL database (MikroORM on PostgreSQL or SQLite) with per-plugin migrations.',
  providedBy: ['@tdss/store-sql'],
});
