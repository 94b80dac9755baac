/**
 * A fresh PostgreSQL database for one benchmark run, dropped afterwards, so no run reads another's
 * rows or bloat. The bench has no tap Test to hand to @tdss/testing's createPostgresDatabase, so
 * it creates and drops the database the same way itself.
 */
import { randomBytes } from 'node:crypto';
import { postgresServerUrl } from '@tdss/testing';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const server = postgresServerUrl();
  const name = `tdss_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect().catch((error: unknown) => {
      throw new Error(`bench: PostgreSQL must run on ${server} (set TDSS_TEST_PG_URL otherwise): ${(error as Error).message}`);
    });
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database if exists ${name} with (force)`) };
}
