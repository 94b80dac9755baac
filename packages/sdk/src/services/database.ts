/**
 * Persistence on MikroORM, one entity set for PostgreSQL and SQLite. Plugins contribute their
 * entities and migrations; the store plugin runs the migrations of every plugin at start-up.
 */
import type { EntityManager, EntitySchema, FilterQuery, MikroORM } from '@mikro-orm/core';
import type { Kysely } from 'kysely';
import { createExtensionPoint, createServiceToken } from '../token.ts';

export type SqlDialect = 'sqlite' | 'postgresql';

export interface MigrationContext {
  readonly dialect: SqlDialect;
  /** Kysely bound to the migration's transaction: its schema builder writes DDL for either dialect. */
  readonly db: Kysely<any>;
}

export interface MigrationDefinition {
  /** Unique within the plugin and never renamed once released, e.g. `0001-create-assets`. */
  readonly name: string;
  up(ctx: MigrationContext): Promise<void>;
  down?(ctx: MigrationContext): Promise<void>;
}

export interface DatabaseSchema {
  /** The contributing plugin; migrations are recorded as `<plugin>/<migration name>`. */
  readonly plugin: string;
  readonly entities: readonly EntitySchema<any, any>[];
  /** Applied in array order. */
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
  offset?: number;
  limit?: number;
  orderBy?: Partial<Record<keyof T & string, 'asc' | 'desc'>>;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/**
 * A repository that can only ever see one tenant's rows: the tenant filter is added to every
 * query and set on every created row, so a caller cannot widen it.
 */
export interface TenantRepository<T extends TenantOwned> {
  readonly tenantId: string;
  findOne(where: FilterQuery<T>): Promise<T | null>;
  /** Like findOne, but a missing row is a 404 problem naming the entity and id. */
  getById(id: string): Promise<T>;
  find(where?: FilterQuery<T>, page?: PageRequest<T>): Promise<Page<T>>;
  count(where?: FilterQuery<T>): Promise<number>;
  /** Creates and flushes a row owned by this tenant. */
  create(data: Omit<T, 'tenantId'>): Promise<T>;
  /** Applies changes to a row of this tenant and flushes; 404 when it is not this tenant's. */
  update(id: string, changes: Partial<Omit<T, 'tenantId'>>): Promise<T>;
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
  /** The tenant-scoped repository of an entity, optionally bound to an EntityManager (e.g. in a transaction). */
  tenantRepository<T extends TenantOwned>(entity: EntitySchema<T, any>, tenantId: string, em?: EntityManager): TenantRepository<T>;
}

export const Database = createServiceToken<Database>('tdss.Database', {
  description: 'The shared SQL database (MikroORM on PostgreSQL or SQLite) with per-plugin migrations.',
  providedBy: ['@tdss/store-sql'],
});
