/**
 * Child process of the idle-tenants bench, run with --expose-gc so that each figure is the heap
 * after full collections: the production-style `postgres` profile started through `launch`,
 * measured with no participant context, after a few (which pays the one-off costs: compiled code,
 * caches filled by the first requests), and after all of them, each provisioned through the
 * management API as a tenant would be and then left idle. Sends the figures to the parent over IPC.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';
import { launch } from '@tdss/runtime';

const databaseUrl = process.env.BENCH_DATABASE_URL;
const tenants = Number(process.env.BENCH_TENANTS);
const warmTenants = Number(process.env.BENCH_WARM_TENANTS);
const idleMs = Number(process.env.BENCH_IDLE_MS);
const gc = globalThis.gc;
if (!databaseUrl || !(tenants > warmTenants) || !(idleMs >= 0) || !gc || !process.send) {
  throw new Error('idle-tenants-probe: run it with --expose-gc, an IPC channel and BENCH_DATABASE_URL, BENCH_TENANTS, BENCH_WARM_TENANTS, BENCH_IDLE_MS (the bench does)');
}

export interface HeapSample {
  tenants: number;
  heapUsed: number;
  external: number;
}

export interface ProbeResult {
  samples: HeapSample[];
  provisionSeconds: number;
}

const dataDir = await mkdtemp(join(tmpdir(), 'tdss-bench-idle-'));
// secrets-local reads its master key from this process's environment; without one it would write
// a key file into the user's configuration folder.
process.env.TDSS_SECRETS_KEY = randomBytes(32).toString('base64');
const operatorToken = randomBytes(24).toString('hex');
const tdss = await launch('postgres', {
  env: { ...process.env, TDSS_DATABASE_URL: databaseUrl, TDSS_PORT: '0', TDSS_DATA_DIR: dataDir, TDSS_TRUSTED_ISSUER_DID: 'did:web:issuer.example', TDSS_LOG_LEVEL: 'warn', TDSS_ADMIN_TOKEN: operatorToken },
  // stdout of this process is the parent's stderr; keep it to warnings.
  logDestination: process.stderr,
});
await tdss.start();
try {
  const participants = `${tdss.url('management')}/v1/participants`;
  const samples = [await heapAfterIdle(0)];
  const started = performance.now();
  await provision(participants, 0, warmTenants);
  samples.push(await heapAfterIdle(warmTenants));
  await provision(participants, warmTenants, tenants);
  const provisionSeconds = (performance.now() - started) / 1000;
  samples.push(await heapAfterIdle(tenants));
  process.send({ samples, provisionSeconds } satisfies ProbeResult);
} finally {
  await tdss.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/** Lets the runtime idle (its sweepers poll meanwhile), then collects everything collectable. */
async function heapAfterIdle(count: number): Promise<HeapSample> {
  await sleep(idleMs);
  // Several rounds: finalizers and weak references free more on the next collection.
  for (let i = 0; i < 4; i++) {
    gc!();
    await sleep(20);
  }
  const heap = getHeapStatistics();
  return { tenants: count, heapUsed: heap.used_heap_size, external: heap.external_memory };
}

/** Tenants `from` to `to` - 1, each with a participant context, an open policy, an asset and a contract definition; 8 at a time. */
async function provision(participants: string, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    for (let i = next++; i < to; i = next++) {
      const id = `tenant-${String(i).padStart(4, '0')}`;
      await post(participants, { id, participantId: `did:web:${id}.example` });
      const base = `${participants}/${id}`;
      await post(`${base}/policydefinitions`, { '@id': 'open', policy: { permission: [{ action: 'use' }] } });
      await post(`${base}/assets`, {
        '@id': 'dataset-1',
        properties: { name: `Dataset of ${id}`, contenttype: 'application/json' },
        dataAddress: { type: 'HttpData', baseUrl: `https://${id}.example/data` },
      });
      await post(`${base}/contractdefinitions`, { '@id': 'open-to-all', accessPolicyId: 'open', contractPolicyId: 'open' });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function post(url: string, body: object): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorToken}` }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`idle-tenants-probe: POST ${url} answered ${response.status}: ${await response.text()}`);
}
