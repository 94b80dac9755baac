import { Database } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import { sql } from 'kysely';
import t from 'tap';
import { startJobsRuntime } from '../fixtures/jobs-plugin.ts';

forEachDialect(t, 'the migration helpers add the engine columns and a partial index on next_attempt_at', async (t, dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database).kysely();
  const table = (await db.introspection.getTables()).find((candidate) => candidate.name === 'test_jobs')!;
  const columns = Object.fromEntries(table.columns.map((column) => [column.name, column]));
  for (const name of ['state', 'state_count', 'state_timestamp', 'next_attempt_at', 'lease_owner', 'lease_expires_at', 'version']) {
    t.ok(columns[name], `column ${name}`);
  }
  t.equal(columns.state!.isNullable, false);
  t.equal(columns.next_attempt_at!.isNullable, true);
  t.equal(columns.version!.hasDefaultValue, true);
  const definition =
    dialect === 'postgresql'
      ? (await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'test_jobs_due'`.execute(db)).rows[0]?.indexdef
      : (await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and name = 'test_jobs_due'`.execute(db)).rows[0]?.sql;
  t.match(definition, /next_attempt_at/);
  t.match(definition, /where .*next_attempt_at.* is not null/i, 'rows that are never due stay out of the index');
});
