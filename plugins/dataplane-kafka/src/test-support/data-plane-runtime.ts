/**
 * Test support: a runtime with the SQL store and the Kafka data plane, as one replica runs it.
 * `startDataPlaneRuntime` serves a test in-process; run as a script (argument: the store's
 * PostgreSQL URL and the plugin's settings as JSON) it is a replica in a process of its own that
 * a test can SIGKILL: it prints "ready", then starts each flow whose DPS start message it reads on
 * stdin (one JSON a line) and prints "started <id>".
 */
import { createInterface } from 'node:readline';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDataPlanes } from '@tdss/control-plane';
import type { DataPlane } from '@tdss/dataplane-sdk';
import { createRuntime, type Runtime } from '@tdss/kernel';
import storeSql from '@tdss/store-sql';
import dataPlaneKafka from '../index.ts';

export interface DataPlaneRuntime {
  readonly runtime: Runtime;
  readonly dataPlane: DataPlane;
}

export async function startDataPlaneRuntime(url: string, settings: Record<string, unknown>): Promise<DataPlaneRuntime> {
  const runtime = createRuntime({
    runtime: { name: 'dataplane-kafka-replica', dataDir: await mkdtemp(path.join(tmpdir(), 'tdss-kafka-replica-')), logLevel: 'silent' },
    plugins: [
      { plugin: storeSql, settings: { dialect: 'postgresql', url } },
      { plugin: dataPlaneKafka, settings },
    ],
  });
  await runtime.start();
  const [dataPlane] = runtime.contributions(LocalDataPlanes);
  if (!dataPlane) throw new Error('the Kafka data plane contributed no LocalDataPlanes');
  return { runtime, dataPlane };
}

if (import.meta.main) {
  const { dataPlane } = await startDataPlaneRuntime(process.argv[2] ?? '', JSON.parse(process.argv[3] ?? '{}'));
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const message = JSON.parse(line);
    await dataPlane.signaling.start(message);
    process.stdout.write(`started ${message.processId}\n`);
  }
}
