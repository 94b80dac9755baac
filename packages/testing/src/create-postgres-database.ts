/**
 * A throw-away PostgreSQL database per test, so tests run in parallel without seeing each
 * other's rows and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'tap';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The server tests create their databases on: env TDSS_TEST_PG_URL, or the local default. */
export function postgresServerUrl(): string {
  return process.env.TDSS_TEST_PG_URL || DEFAULT_SERVER_URL;
}

/**
 * Creates a uniquely named database and drops it when the test ends; resolves to its URL.
 *
 * When the server cannot be reached the test fails under CI (CI=true) and is skipped elsewhere:
 * then this resolves to undefined and the caller must return at once. Call it before any
 * assertion, since skipping ends the test.
 */
export async function createPostgresDatabase(t: Test): Promise<string | undefined> {
  const server = new URL(postgresServerUrl());
  const admin = new pg.Client({ connectionString: server.href, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    const message = `PostgreSQL must run on ${printable(server)} for this test (or set TDSS_TEST_PG_URL to another server): ${reason}`;
    if (process.env.CI === 'true') throw new Error(message, { cause: error });
    t.plan(0, message);
    return undefined;
  }
  const name = `tdss_t_${randomBytes(8).toString('hex')}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  t.teardown(() => dropDatabase(server, name));
  const url = new URL(server.href);
  url.pathname = `/${name}`;
  return url.href;
}

async function dropDatabase(server: URL, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: server.href });
  await admin.connect();
  try {
    // `force` ends sessions a failed test left open; a test must not fail for its leftovers.
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** The server URL without its password, for messages. */
function printable(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}
