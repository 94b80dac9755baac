/** Test support: a runtime database (SQLite or PostgreSQL) with the Kafka data plane's tables. */
import { Database } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { type DialectSettings, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import dataPlaneKafka from '../index.ts';

export async function leaseDatabase(t: Test, store: DialectSettings): Promise<() => Database> {
  const runtime = await startTestRuntime(t, {
    plugins: [
      { plugin: storeSql, settings: store },
      { plugin: dataPlaneKafka, settings: {} },
    ],
  });
  const db = runtime.get(Database);
  return () => db;
}
