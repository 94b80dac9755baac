import { setTimeout as sleep } from 'node:timers/promises';
import { Database, type MigrationDefinition } from '@tdss/sdk';
import { createPostgresDatabase, createTempDir, forEachDialect, rejectionOf, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import { createNotesPlugin, createTables } from '../fixtures/notes-plugin.ts';
import { storePlugins } from '../fixtures/store-plugins.ts';
import { MIGRATIONS_TABLE } from './migrations-table.ts';

function counted(name: string, calls: { n: number }, delayMs = 0): MigrationDefinition {
  return {
    name,
    async up({ db }) {
      calls.n++;
      await sleep(delayMs);
      await db.schema.createIndex(`test_notes_${name.replace(/\W/g, '_')}`).on('test_notes').column('rank').execute();
    },
  };
}

async function recorded(db: Database): Promise<string[]> {
  const rows = await db.kysely().selectFrom(MIGRATIONS_TABLE).select('name').orderBy('name').execute();
  return rows.map((r) => r.name as string);
}

async function tables(db: Database): Promise<string[]> {
  return (await db.kysely().introspection.getTables()).map((table) => table.name).sort();
}

forEachDialect(t, 'migrations are applied once, in order, and recorded as <plugin>/<name>', async (t, _dialect, settings) => {
  const calls = { n: 0 };
  const migrations = [createTables, counted('0002-rank-index', calls)];
  const dataDir = await createTempDir(t);
  const first = await startTestRuntime(t, { dataDir, plugins: storePlugins(settings, createNotesPlugin({ migrations })) });
  const expected = ['test-notes/0001-create-tables', 'test-notes/0002-rank-index'];
  t.same(await recorded(first.get(Database)), expected);
  t.equal(calls.n, 1);
  await first.stop();

  const second = await startTestRuntime(t, { dataDir, plugins: storePlugins(settings, createNotesPlugin({ migrations })) });
  t.equal(calls.n, 1, 'a second start applies nothing');
  t.same(await recorded(second.get(Database)), expected);
  await second.stop();

  const later = { n: 0 };
  const third = await startTestRuntime(t, {
    dataDir,
    plugins: storePlugins(settings, createNotesPlugin({ migrations: [...migrations, counted('0003-added-later', later)] })),
  });
  t.equal(calls.n, 1, 'applied migrations stay applied');
  t.equal(later.n, 1, 'a migration added in a later release is applied');
  t.same(await recorded(third.get(Database)), [...expected, 'test-notes/0003-added-later']);
});

forEachDialect(t, 'a failing migration rolls back and the runtime fails naming the plugin and migration', async (t, _dialect, settings) => {
  const broken: MigrationDefinition = {
    name: '0002-broken',
    async up({ db }) {
      await db.schema.createTable('test_half_done').addColumn('id', 'integer').execute();
      await db.insertInto('test_projects').values({ id: 'p1', tenant_id: 'A', name: 'half' }).execute();
      throw new Error('column "nope" does not exist');
    },
  };
  const failed = await rejectionOf(
    startTestRuntime(t, { plugins: storePlugins(settings, createNotesPlugin({ migrations: [createTables, broken] })) }),
  );
  t.match(failed.message, 'plugin @tdss/store-sql failed to start');
  t.match(failed.message, 'migration test-notes/0002-broken failed and was rolled back: column "nope" does not exist');
  t.match(failed.message, 'fix migration "0002-broken" in test-notes');

  const after = await startTestRuntime(t, { plugins: storePlugins(settings) });
  const db = after.get(Database);
  t.same(await recorded(db), ['test-notes/0001-create-tables'], 'the migration before it stays applied');
  t.notOk((await tables(db)).includes('test_half_done'), 'its DDL was rolled back');
  t.same(await db.kysely().selectFrom('test_projects').selectAll().execute(), [], 'its writes were rolled back');
});

forEachDialect(t, 'a migration name contributed twice stops start-up', async (t, _dialect, settings) => {
  const failed = await rejectionOf(
    startTestRuntime(t, { plugins: storePlugins(settings, createNotesPlugin({ migrations: [createTables, createTables] })) }),
  );
  t.match(failed.message, 'migration test-notes/0001-create-tables is contributed twice');
});

t.test('two runtimes starting together on one PostgreSQL database migrate once', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const calls = { n: 0 };
  // Slow enough that both runtimes are migrating at the same time.
  const migrations = [createTables, counted('0002-slow', calls, 300)];
  const start = () =>
    startTestRuntime(t, { plugins: storePlugins({ dialect: 'postgresql', url }, createNotesPlugin({ migrations })) });
  const [a, b] = await Promise.all([start(), start()]);
  t.equal(calls.n, 1, 'the slow migration ran once');
  t.same(await recorded(a!.get(Database)), ['test-notes/0001-create-tables', 'test-notes/0002-slow']);
  t.same(await recorded(b!.get(Database)), ['test-notes/0001-create-tables', 'test-notes/0002-slow']);
});
