/**
 * The table that records applied migrations as `<plugin>/<migration name>`, and the lock that
 * keeps processes sharing the database from applying one twice.
 */
import type { SqlDialect } from '@tdss/sdk';
import { type Kysely, sql } from 'kysely';

export const MIGRATIONS_TABLE = 'tdss_migrations';

export async function ensureMigrationsTable(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  // PostgreSQL's `if not exists` is not safe against a concurrent create; SQLite's statement is atomic.
  if (dialect === 'postgresql') await lockMigrations(db, dialect);
  await db.schema
    .createTable(MIGRATIONS_TABLE)
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('applied_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

/**
 * Holds every other process off migrating until the current transaction ends. PostgreSQL: a
 * transaction-scoped advisory lock. SQLite: a write as the transaction's first statement takes the
 * database's write lock (waiting up to the busy timeout) before anything is read.
 */
export async function lockMigrations(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgresql') {
    await sql`select pg_advisory_xact_lock(hashtext(${MIGRATIONS_TABLE}))`.execute(db);
  } else {
    await sql`update ${sql.table(MIGRATIONS_TABLE)} set name = name where 1 = 0`.execute(db);
  }
}

export async function isApplied(db: Kysely<any>, id: string): Promise<boolean> {
  const row = await db.selectFrom(MIGRATIONS_TABLE).select('name').where('name', '=', id).executeTakeFirst();
  return row !== undefined;
}

export async function recordApplied(db: Kysely<any>, id: string): Promise<void> {
  await db.insertInto(MIGRATIONS_TABLE).values({ name: id, applied_at: new Date().toISOString() }).execute();
}
