import { createServer } from 'node:net';
import pg from 'pg';
import t, { type Test } from 'tap';
import { createPostgresDatabase, postgresServerUrl } from './create-postgres-database.ts';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresServerUrl() });
  await client.connect();
  try {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

/** A URL on which nothing answers: a port that was free a moment ago. */
async function deadServerUrl(): Promise<string> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function withEnv(t: Test, env: Record<string, string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(env);
  t.teardown(() => apply(saved));
}

t.test('creates a database that accepts connections and drops it when the test ends', async (t) => {
  let name = '';
  await t.test('a test using a database', async (t) => {
    const url = await createPostgresDatabase(t);
    if (url === undefined) return;
    name = new URL(url).pathname.slice(1);
    t.match(name, /^tdss_t_[0-9a-f]{16}$/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const result = await client.query<{ db: string }>('select current_database() as db');
    t.equal(result.rows[0]?.db, name);
    // Left open on purpose: dropping must not depend on the test closing its connections.
    t.teardown(() => client.end().catch(() => undefined));
  });
  if (!name) return;
  t.equal(await databaseExists(name), false, 'the database is gone after the test');
});

t.test('an unreachable server skips the test outside CI', async (t) => {
  withEnv(t, { TDSS_TEST_PG_URL: await deadServerUrl(), CI: undefined });
  let reached = false;
  await t.test('a test using a database', async (t) => {
    const url = await createPostgresDatabase(t);
    if (url === undefined) return;
    reached = true;
  });
  t.equal(reached, false, 'no URL is handed out');
  t.equal(t.counts.skip, 1, 'the subtest is reported as skipped');
});

t.test('an unreachable server fails the test under CI, naming the server', async (t) => {
  const url = await deadServerUrl();
  withEnv(t, { TDSS_TEST_PG_URL: url, CI: 'true' });
  await t.rejects(createPostgresDatabase(t), { message: new RegExp(`^PostgreSQL must run on ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
});

t.test('the password of the server URL stays out of the message', async (t) => {
  const url = new URL(await deadServerUrl());
  url.password = 'hunter2';
  withEnv(t, { TDSS_TEST_PG_URL: url.href, CI: 'true' });
  const error = await createPostgresDatabase(t).catch((e: unknown) => e as Error);
  t.ok(error instanceof Error);
  t.notMatch((error as Error).message, 'hunter2');
  t.match((error as Error).message, 'postgres:***@127.0.0.1');
});
