/**
 * Heap per idle tenant: the production-style `postgres` profile (started through `launch`) in a
 * child process run with --expose-gc, on a fresh PostgreSQL database. Each tenant is what
 * provisioning leaves: a participant context with a policy definition, an asset and a contract
 * definition, created through the management API; then nothing happens but the state machines'
 * sweeps. Figures are V8's used heap after full collections.
 *
 * Baseline: the same runtime with no participant context. Per tenant is (heap at TENANTS − the
 * baseline) / TENANTS, as the target reads; the marginal figure leaves out the one-off costs that
 * the first WARM_TENANTS pay (code compiled and caches filled by the first requests), and is what
 * the next thousand tenants would cost.
 */
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from '../run.ts';
import { round } from './statistics.ts';
import { createBenchDatabase } from './bench-database.ts';
import { firstMessage, spawnWithIpc } from './child-process.ts';
import type { HeapSample, ProbeResult } from './idle-tenants-probe.ts';

const TENANTS = 1_000;
const WARM_TENANTS = 10;
const IDLE_MS = 3_000;
const TARGET_BYTES_PER_TENANT = 50 * 1024;
const PROBE = fileURLToPath(new URL('./idle-tenants-probe.ts', import.meta.url));

export const idleTenants: BenchSuite = {
  name: 'idle-tenants',
  description: `heap after GC of the postgres profile with ${TENANTS} idle provisioned tenants, against the same runtime with none`,
  async run() {
    const database = await createBenchDatabase();
    try {
      const { samples, provisionSeconds } = await probe(database.url);
      const [empty, warm, full] = samples as [HeapSample, HeapSample, HeapSample];
      const perTenant = (full.heapUsed - empty.heapUsed) / TENANTS;
      const marginal = (full.heapUsed - warm.heapUsed) / (TENANTS - WARM_TENANTS);
      return {
        tenants: TENANTS,
        tenantHolds: 'a participant context, a policy definition, an asset, a contract definition',
        idleMsBeforeEachSample: IDLE_MS,
        provisionSeconds: round(provisionSeconds),
        heapUsedMiB: Object.fromEntries(samples.map((s) => [`${s.tenants} tenants`, round(s.heapUsed / 2 ** 20)])),
        externalMiB: Object.fromEntries(samples.map((s) => [`${s.tenants} tenants`, round(s.external / 2 ** 20)])),
        heapBytesPerTenant: Math.round(perTenant),
        marginalHeapBytesPerTenant: { value: Math.round(marginal), note: `from ${WARM_TENANTS} to ${TENANTS} tenants: without the one-off costs of the first requests` },
        baseline: { name: 'the same runtime with no participant context', heapUsedMiB: round(empty.heapUsed / 2 ** 20) },
        ratioToBaseline: round(full.heapUsed / empty.heapUsed),
        target: { heapBytesPerTenantMax: TARGET_BYTES_PER_TENANT, met: perTenant <= TARGET_BYTES_PER_TENANT },
      };
    } finally {
      await database.drop();
    }
  },
};

async function probe(databaseUrl: string): Promise<ProbeResult> {
  const child = spawnWithIpc(PROBE, { BENCH_DATABASE_URL: databaseUrl, BENCH_TENANTS: String(TENANTS), BENCH_WARM_TENANTS: String(WARM_TENANTS), BENCH_IDLE_MS: String(IDLE_MS) }, ['--expose-gc']);
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const result = await firstMessage<ProbeResult>(child, 'idle-tenants-probe');
  const [code] = await exited;
  if (code !== 0) throw new Error(`bench: idle-tenants-probe exited with ${code}`);
  return result;
}
