/**
 * Test support: the plant of the e2e tests. A node-opcua server (see opcua-server.ts), a runtime
 * with the OPC UA data plane (fast intervals), the operator's password in the provider's secrets
 * and the `plant` asset: counter and temperature by node id, label by browse path,
 * SignAndEncrypt/Basic256Sha256, username/password. Also the assertions the e2e files share.
 */
import type { DialectSettings } from '@tdss/testing';
import type { Test } from 'tap';
import { type OpcUaInstance, type OpcUaRuntime, startOpcUaRuntime } from './opcua-runtime.ts';
import { startOpcUaServer, type TestOpcUaServer, USERS } from './opcua-server.ts';

export const PASSWORD_SECRET = 'plant-password';
export const DATA_PLANE = { serverGoneMs: 1500, flowCheckIntervalMs: 200, samplingIntervalMs: 20, publishingIntervalMs: 100, pushBatchDelayMs: 50, pushRetryDelayMs: 50 };

export interface Plant {
  server: TestOpcUaServer;
  cut: OpcUaRuntime;
  /** The `plant` asset's data address. */
  plant: Record<string, unknown>;
}

export async function startPlant(t: Test, store: DialectSettings, dataPlane: Record<string, unknown> = {}, instance: OpcUaInstance = {}): Promise<Plant> {
  const server = await startOpcUaServer(t);
  const cut = await startOpcUaRuntime(t, store, { ...DATA_PLANE, ...dataPlane }, instance);
  await cut.putSecret(PASSWORD_SECRET, USERS.operator!);
  const plant = {
    type: 'OpcUa',
    endpointUrl: server.endpointUrl,
    nodes: [server.nodes.counter, server.nodes.temperature],
    browsePaths: ['/Objects/1:Plant.1:Label'],
    securityMode: 'SignAndEncrypt',
    securityPolicy: 'Basic256Sha256',
    identity: { type: 'UserName', userName: 'operator', passwordSecret: PASSWORD_SECRET },
    // On change: every value the server sets is reported (a sampling interval could merge two).
    samplingIntervalMs: 0,
  };
  await cut.createAsset('plant', plant);
  return { server, cut, plant };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done`; fails naming `what`. */
export async function until(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

export const get = (url: string, token: string | undefined) => fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

/** Median and largest delay from the server's source timestamp to the consumer, for the report. */
export function latency(pairs: { sourceTimestamp: string | null; receivedAt: number }[]): string {
  const delays = pairs.map((pair) => pair.receivedAt - Date.parse(pair.sourceTimestamp ?? '')).sort((a, b) => a - b);
  return `p50 ${delays[Math.floor(delays.length / 2)]} ms, max ${delays.at(-1)} ms over ${delays.length} changes`;
}

/** Each value follows the one before (the counter adds 1 per tick) and is one the server set, in its order. */
export function assertConsecutive(t: Test, values: number[], history: number[], what: string): void {
  t.ok(values.length > 0, `${what}: some values`);
  t.same(values, values.map((_, index) => values[0]! + index), `${what}: consecutive (${values[0]}..${values.at(-1)})`);
  const start = history.indexOf(values[0]!);
  t.same(history.slice(start, start + values.length), values, `${what}: exactly what the server set, in its order`);
}
