import type { SqlDialect } from '@tdss/sdk';
import type { CreateTableBuilder, Kysely } from 'kysely';

/**
 * Adds the engine columns of `stateMachineProperties` to a table being created, in the types
 * MikroORM maps them to on each dialect (a `datetime` is `timestamptz` on PostgreSQL and epoch
 * milliseconds in a `datetime` column on SQLite).
 */
export function addStateMachineColumns<TB extends string, C extends string>(table: CreateTableBuilder<TB, C>, dialect: SqlDialect) {
  const time = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
  return table
    .addColumn('state', 'varchar(64)', (c) => c.notNull())
    .addColumn('state_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state_timestamp', time, (c) => c.notNull())
    .addColumn('next_attempt_at', time)
    .addColumn('lease_owner', 'varchar(128)')
    .addColumn('lease_expires_at', time)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));
}

/**
 * The index the due-work query walks: only rows whose state has a processor carry a
 * `next_attempt_at`, so finished and waiting rows (most of a table, in time) stay out of it.
 */
export async function createStateMachineIndexes(db: Kysely<any>, table: string): Promise<void> {
  await db.schema
    .createIndex(`${table}_due`)
    .on(table)
    .column('next_attempt_at')
    .where('next_attempt_at', 'is not', null)
    .execute();
}
