/**
 * A runtime for a suite: HTTP on a free port, store-sql (PostgreSQL, or SQLite in its data folder)
 * and the suite's plugins, logging to stderr since stdout carries the bench's JSON result.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from '@tdss/http';
import { createRuntime, type Runtime } from '@tdss/kernel';
import type { AnyPlugin } from '@tdss/sdk';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import { createBenchDatabase } from './bench-database.ts';

export type PluginEntry = { plugin: AnyPlugin; settings?: Record<string, unknown> };

export interface BenchRuntime {
  runtime: Runtime;
  dataDir: string;
  stop(): Promise<void>;
}

export interface BenchRuntimeOptions {
  /** PostgreSQL; SQLite in the data folder without it. */
  databaseUrl?: string;
  poolSize?: number;
}

export async function startBenchRuntime(name: string, plugins: PluginEntry[], options: BenchRuntimeOptions = {}): Promise<BenchRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), `tdss-${name}-`));
  const store = options.databaseUrl
    ? { dialect: 'postgresql', url: options.databaseUrl, ...(options.poolSize ? { poolSize: options.poolSize } : {}) }
    : { dialect: 'sqlite', file: join(dataDir, 'db.sqlite') };
  const runtime = createRuntime({
    runtime: { name, dataDir, logLevel: 'warn' },
    logDestination: process.stderr,
    plugins: [{ plugin: http, settings: { port: 0 } }, { plugin: storeSql, settings: store }, ...plugins],
  });
  const stop = async () => {
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  await runtime.start().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { runtime, dataDir, stop };
}

/** The same on a PostgreSQL database of its own, dropped when it stops. */
export async function startBenchRuntimeOnFreshDatabase(name: string, plugins: PluginEntry[], poolSize = 10): Promise<BenchRuntime> {
  const database = await createBenchDatabase();
  const started = await startBenchRuntime(name, plugins, { databaseUrl: database.url, poolSize }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    ...started,
    async stop() {
      try {
        await started.stop();
      } finally {
        await database.drop();
      }
    },
  };
}

/**
 * @tdss/secrets-local with a random master key of this run in a uniquely named environment
 * variable (it lives as long as the bench process), so no key file is written anywhere.
 */
export function localSecrets(): PluginEntry {
  const keyEnv = `TDSS_BENCH_SECRETS_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[keyEnv] = randomBytes(32).toString('base64');
  return { plugin: secretsLocal, settings: { keyEnv } };
}
