import { join } from 'node:path';
import type { SqlDialect } from '@tdss/sdk';
import type { Test } from 'tap';
import { createPostgresDatabase } from './create-postgres-database.ts';
import { createTempDir } from './temp-dir.ts';

/** Settings of @tdss/store-sql that point it at a test database of one dialect. */
export type DialectSettings = { dialect: 'sqlite'; file: string } | { dialect: 'postgresql'; url: string };

export type DialectTest = (t: Test, dialect: SqlDialect, settings: DialectSettings) => Promise<void>;

/**
 * Runs one test body as two subtests, `<name> (sqlite)` on a file in a temp folder and
 * `<name> (postgresql)` on a fresh database, so storage code is proven on both dialects.
 */
export async function forEachDialect(t: Test, name: string, fn: DialectTest): Promise<void> {
  await t.test(`${name} (sqlite)`, async (t) => {
    const dir = await createTempDir(t, 'tdss-sqlite-');
    await fn(t, 'sqlite', { dialect: 'sqlite', file: join(dir, 'test.sqlite') });
  });
  await t.test(`${name} (postgresql)`, async (t) => {
    const url = await createPostgresDatabase(t);
    if (url === undefined) return;
    await fn(t, 'postgresql', { dialect: 'postgresql', url });
  });
}
