import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Database, Health, TdssError } from '@tdss/sdk';
import {
  createLogCapture,
  createPostgresDatabase,
  createTempDir,
  forEachDialect,
  postgresServerUrl,
  rejectionOf,
  startTestRuntime,
} from '@tdss/testing';
import pg from 'pg';
import t from 'tap';
import { createNotesPlugin, Note } from './fixtures/notes-plugin.ts';
import { storePlugins } from './fixtures/store-plugins.ts';

t.test('by default the database is SQLite in the runtime data folder, in WAL mode with a busy timeout', async (t) => {
  const dataDir = join(await createTempDir(t), 'not', 'there', 'yet');
  const runtime = await startTestRuntime(t, { dataDir, plugins: storePlugins({}) });
  const db = runtime.get(Database);
  t.equal(db.dialect, 'sqlite');
  t.ok(existsSync(join(dataDir, 'tdss.sqlite')), 'tdss.sqlite is created, with its folder');
  const connection = db.em().getConnection();
  t.same(await connection.execute('pragma journal_mode'), [{ journal_mode: 'wal' }]);
  t.same(await connection.execute('pragma busy_timeout'), [{ timeout: 5000 }]);
});

t.test('a relative file is taken from the data folder', async (t) => {
  const dataDir = await createTempDir(t);
  await startTestRuntime(t, { dataDir, plugins: storePlugins({ file: 'db/store.sqlite', busyTimeoutMs: 50 }) });
  t.ok(existsSync(join(dataDir, 'db', 'store.sqlite')));
});

t.test('dialect postgresql without url stops start-up before any plugin starts, saying what to set', async (t) => {
  const error = await rejectionOf<TdssError>(startTestRuntime(t, { plugins: storePlugins({ dialect: 'postgresql' }) }));
  t.ok(error instanceof TdssError);
  t.match(error.message, 'plugin @tdss/store-sql failed to start: [@tdss/store-sql] setting `url` is required when `dialect` is postgresql');
  t.match(error.message, 'set plugins["@tdss/store-sql"].url in the profile');
});

t.test('an unreachable PostgreSQL server fails start-up, naming the plugin', async (t) => {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const url = `postgres://postgres@127.0.0.1:${port}/nothing`;
  await t.rejects(startTestRuntime(t, { plugins: storePlugins({ dialect: 'postgresql', url }) }), {
    message: /^plugin @tdss\/store-sql failed to start: .*ECONNREFUSED/,
  });
});

forEachDialect(t, 'the health check answers with a query, and stop closes the ORM', async (t, _dialect, settings) => {
  const runtime = await startTestRuntime(t, { plugins: storePlugins(settings) });
  const readiness = await runtime.get(Health).readiness();
  t.same(readiness.checks, [{ name: 'database', healthy: true }]);
  t.equal(readiness.ready, true);
  const db = runtime.get(Database);
  await runtime.stop();
  t.equal(await db.orm.isConnected(), false);
});

t.test('the health check turns unhealthy when PostgreSQL goes away', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const runtime = await startTestRuntime(t, { plugins: storePlugins({ dialect: 'postgresql', url }) });
  const admin = new pg.Client({ connectionString: postgresServerUrl() });
  await admin.connect();
  await admin.query(`drop database ${new URL(url).pathname.slice(1)} with (force)`);
  await admin.end();
  const readiness = await runtime.get(Health).readiness();
  t.equal(readiness.ready, false);
  t.equal(readiness.checks[0]?.name, 'database');
  t.equal(readiness.checks[0]?.healthy, false);
  t.match(readiness.checks[0]?.detail, /\w/, 'says why');
});

forEachDialect(t, 'debug logs each statement at debug level, never its parameter values', async (t, _dialect, settings) => {
  const logs = createLogCapture();
  const runtime = await startTestRuntime(t, {
    logLevel: 'debug',
    logDestination: logs,
    plugins: storePlugins({ ...settings, debug: true }, createNotesPlugin()),
  });
  await runtime.get(Database).tenantRepository(Note, 'A').create({ id: 'n1', title: 'top-secret-title' });
  const statements = logs.lines.filter((l) => l.msg === 'sql');
  t.ok(statements.some((l) => /insert into .test_notes./.test(String(l.sql))), 'the insert is logged');
  t.ok(statements.every((l) => l.level === 'debug' && l.plugin === '@tdss/store-sql'));
  t.notMatch(logs.text(), 'top-secret-title');
});

forEachDialect(t, 'without debug no statement is logged', async (t, _dialect, settings) => {
  const logs = createLogCapture();
  const runtime = await startTestRuntime(t, { logLevel: 'debug', logDestination: logs, plugins: storePlugins(settings, createNotesPlugin()) });
  await runtime.get(Database).tenantRepository(Note, 'A').create({ id: 'n1', title: 'x' });
  t.same(logs.lines.filter((l) => l.msg === 'sql'), []);
  t.ok(logs.lines.some((l) => l.msg === 'migration applied' && l.migration === 'test-notes/0001-create-tables'), 'migrations are logged');
});
