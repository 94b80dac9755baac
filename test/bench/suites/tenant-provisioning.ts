/**
 * Tenant provisioning end to end on PostgreSQL: `POST /v1/tenants` through the management API
 * until the tenant is ACTIVE (its durable workflow ran every default step: key pair and did:web,
 * participant context, secret, ...), IN_FLIGHT tenants at a time, in one runtime with default
 * settings. Measured: tenants per second, p50/p99 from the POST to ACTIVE, CPU and database
 * transactions per tenant, and the time each activity took (the workflow's step histogram), so
 * that the share of tenant creation itself (key generation, encryption, DID, context) shows.
 * Tenants per second and CPU milliseconds depend on what else the machine runs (the load average
 * is reported with them); SQL statements per tenant and the PostgreSQL backends' CPU per tenant
 * much less so.
 *
 * Baseline, in the same run and runtime: the bare workflow engine — orchestrations with as many
 * steps, in the same order, of a no-op activity, started through `Workflows.start` at the same
 * concurrency until COMPLETED. The ratio is what the HTTP API, the tenant row and the real
 * activities cost on top of the engine.
 *
 * With TDSS_BENCH_TENANTS_10K=1 (not in CI: it takes minutes) a second runtime on a fresh
 * database provisions 10,000 tenants the same way: time until all are ACTIVE, heap and RSS at the
 * end (this process holds the runtime and the client).
 */
import type { Runtime } from '@tdss/kernel';
import { HttpServer, Metrics } from '@tdss/sdk';
import { Workflows } from '@tdss/workflow';
import { loadavg } from 'node:os';
import pg from 'pg';
import type { Registry } from 'prom-client';
import type { BenchSuite } from '../run.ts';
import { type BenchDatabase, createBenchDatabase } from './bench-database.ts';
import { inFlight } from './in-flight.ts';
import { createRowWatcher } from './row-watcher.ts';
import { createSqlCostMeter } from './sql-cost-meter.ts';
import { median, percentiles, round } from './statistics.ts';
import { NO_OP_ACTIVITY, startTenantBenchRuntime, type TenantBenchRuntime } from './tenant-provisioning-runtime.ts';

const TENANTS = 500;
const WARMUP = 50;
const IN_FLIGHT = 64;
const SCALE_TENANTS = 10_000;
const POLL_MS = 10;
const TENANT_TIMEOUT_MS = 120_000;
const TARGET_TENANTS_PER_SECOND = 50;
const SCALE_ENV = 'TDSS_BENCH_TENANTS_10K';

export const tenantProvisioning: BenchSuite = {
  name: 'tenant-provisioning',
  description: `${TENANTS} tenants POSTed until ACTIVE, ${IN_FLIGHT} in flight, one runtime on PostgreSQL, against the bare workflow engine; ${SCALE_TENANTS} tenants with ${SCALE_ENV}=1`,
  async run() {
    const measured = await withRuntime(measure);
    const scale = process.env[SCALE_ENV] === '1' ? await withRuntime(toScale) : { skipped: `set ${SCALE_ENV}=1 to provision ${SCALE_TENANTS} tenants in one runtime` };
    return {
      tenants: TENANTS,
      inFlight: IN_FLIGHT,
      warmupTenants: WARMUP,
      settings: 'default settings of every plugin; a tenant is done when its row is ACTIVE, observed by polling the database every 10 ms with one query for all tenants in flight',
      ...measured,
      scale,
      target: { tenantsPerSecondMin: TARGET_TENANTS_PER_SECOND, met: measured.tenantsPerSecond >= TARGET_TENANTS_PER_SECOND },
    };
  },
};

async function withRuntime<T>(work: (bench: TenantBenchRuntime, database: BenchDatabase) => Promise<T>): Promise<T> {
  const database = await createBenchDatabase();
  try {
    const bench = await startTenantBenchRuntime(database.url);
    try {
      return await work(bench, database);
    } finally {
      await bench.stop();
    }
  } finally {
    await database.drop();
  }
}

async function measure(bench: TenantBenchRuntime, database: BenchDatabase) {
  const watcher = createStateWatcher(database.url);
  try {
    const provision = tenantClient(bench, watcher);
    await inFlight(WARMUP, IN_FLIGHT, provision);
    const steps = await stepsOfProvisioning(bench.runtime);
    const workflows = bench.runtime.get(Workflows);
    const definition = { name: 'bench-bare', activities: steps.map(({ id, dependsOn }) => ({ id, activity: NO_OP_ACTIVITY, dependsOn })) };
    let bare = 0;
    const baseline = await inFlight(TENANTS, IN_FLIGHT, async () => {
      const started = performance.now();
      const n = bare++;
      const id = await workflows.start(definition, {}, { tenantId: `bare-${n}`, id: `bare-${n}` });
      await watcher.until('orchestration', id, 'COMPLETED');
      return performance.now() - started;
    });

    const metrics = bench.runtime.get(Metrics);
    const activitiesBefore = await activitySeconds(metrics);
    const transactionsBefore = await watcher.transactions();
    const loadBefore = loadavg()[0]!;
    await watcher.cost.start();
    const run = await inFlight(TENANTS, IN_FLIGHT, provision);
    const cost = await watcher.cost.stop();
    const loadAfter = loadavg()[0]!;
    const transactions = (await watcher.transactions()) - transactionsBefore;
    const activities = subtract(await activitySeconds(metrics), activitiesBefore);

    const tenantsPerSecond = TENANTS / run.seconds;
    const baselinePerSecond = TENANTS / baseline.seconds;
    return {
      steps: steps.map((step) => step.id),
      tenantsPerSecond: round(tenantsPerSecond),
      timeToActiveMs: percentiles(run.results),
      cpuMsPerTenant: round(run.cpuMs / TENANTS),
      databaseTransactionsPerTenant: round(transactions / TENANTS),
      sqlStatementsPerTenant: round(cost.statements / TENANTS),
      postgresBackendCpuMsPerTenant: cost.backendCpuMs === null ? 'PostgreSQL runs elsewhere: its backends\' CPU is not readable here' : round(cost.backendCpuMs / TENANTS),
      loadAverage1m: { before: round(loadBefore), after: round(loadAfter) },
      activityMs: Object.fromEntries(
        Object.entries(activities).map(([activity, { sum, count }]) => [activity, { meanMs: round((sum * 1000) / Math.max(count, 1)), totalSeconds: round(sum) }]),
      ),
      baseline: {
        name: `the bare workflow engine: ${steps.length}-step chains of a no-op activity through Workflows.start until COMPLETED`,
        orchestrationsPerSecond: round(baselinePerSecond),
        ms: percentiles(baseline.results),
        cpuMsPerOrchestration: round(baseline.cpuMs / TENANTS),
      },
      ratioToBaseline: { throughput: round(baselinePerSecond / tenantsPerSecond), p50: round(median(run.results) / median(baseline.results)) },
    };
  } finally {
    await watcher.stop();
  }
}

async function toScale(bench: TenantBenchRuntime, database: BenchDatabase) {
  const watcher = createStateWatcher(database.url);
  try {
    process.stderr.write(`bench: tenant-provisioning — ${SCALE_TENANTS} tenants in one runtime\n`);
    const provision = tenantClient(bench, watcher);
    let done = 0;
    const run = await inFlight(SCALE_TENANTS, IN_FLIGHT, async () => {
      const ms = await provision();
      if (++done % 1000 === 0) process.stderr.write(`bench: ${done} tenants ACTIVE\n`);
      return ms;
    });
    const active = await watcher.count('ACTIVE');
    globalThis.gc?.();
    const memory = process.memoryUsage();
    return {
      tenants: SCALE_TENANTS,
      active,
      secondsToAllActive: round(run.seconds),
      tenantsPerSecond: round(SCALE_TENANTS / run.seconds),
      timeToActiveMs: percentiles(run.results),
      heapUsedMiB: round(memory.heapUsed / 2 ** 20),
      rssMiB: round(memory.rss / 2 ** 20),
      memoryNote: `this process: the runtime and the bench's client${globalThis.gc ? ', after a full GC' : ' (run node with --expose-gc for heap after GC)'}`,
    };
  } finally {
    await watcher.stop();
  }
}

/** One tenant: POSTed through the management API with the operator token, resolved when ACTIVE, to the ms it took. */
function tenantClient(bench: TenantBenchRuntime, watcher: StateWatcher): () => Promise<number> {
  const url = `${bench.runtime.get(HttpServer).url('management')}/v1/tenants`;
  let next = 0;
  return async () => {
    const id = `tenant-${next++}`;
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bench.adminToken}` },
      body: JSON.stringify({ id, name: `Tenant ${id}` }),
    });
    if (response.status !== 201) throw new Error(`bench: POST ${url} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
    await watcher.until('tenant', id, 'ACTIVE');
    return performance.now() - started;
  };
}

/** The steps of provision-tenant as a provisioned tenant ran them: ids and dependencies. */
async function stepsOfProvisioning(runtime: Runtime): Promise<Array<{ id: string; dependsOn: string[] }>> {
  const workflows = runtime.get(Workflows);
  const { items } = await workflows.list({ name: 'provision-tenant', state: 'COMPLETED', limit: 1 });
  return (await workflows.get(items[0]!.id)).steps.map(({ id, dependsOn }) => ({ id, dependsOn }));
}

type ActivitySeconds = Record<string, { sum: number; count: number }>;

/** Sum and count of `tdss_workflow_step_seconds` by activity (outcome completed). */
async function activitySeconds(metrics: Registry): Promise<ActivitySeconds> {
  const metric = (await metrics.getMetricsAsJSON()).find((m) => m.name === 'tdss_workflow_step_seconds');
  const result: ActivitySeconds = {};
  for (const value of (metric?.values ?? []) as Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>) {
    if (value.labels.outcome !== 'completed') continue;
    const entry = (result[String(value.labels.activity)] ??= { sum: 0, count: 0 });
    if (value.metricName?.endsWith('_sum')) entry.sum = value.value;
    if (value.metricName?.endsWith('_count')) entry.count = value.value;
  }
  return result;
}

function subtract(after: ActivitySeconds, before: ActivitySeconds): ActivitySeconds {
  return Object.fromEntries(
    Object.entries(after).map(([activity, { sum, count }]) => [activity, { sum: sum - (before[activity]?.sum ?? 0), count: count - (before[activity]?.count ?? 0) }]),
  );
}

const WATCHED = {
  tenant: 'select id, state, error from tm_tenants where id = any($1)',
  orchestration: 'select id, state, error from wf_orchestrations where id = any($1)',
} as const;

type Watched = keyof typeof WATCHED;
type StateWatcher = ReturnType<typeof createStateWatcher>;

/** Resolves when a tenant or orchestration row reaches a state; counts and costs on the side. */
function createStateWatcher(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const cost = createSqlCostMeter(pool);
  const watched = createRowWatcher<Watched, { id: string; state: string; error: string | null }>(pool, {
    queries: WATCHED,
    failure: (row) => (row.state === 'FAILED' ? `FAILED: ${row.error}` : undefined),
    timeoutMs: TENANT_TIMEOUT_MS,
    pollMs: POLL_MS,
  });
  let ownQueries = 0;
  return {
    async until(kind: Watched, id: string, state: string): Promise<void> {
      await watched.until(kind, id, state);
    },
    async count(state: string): Promise<number> {
      const { rows } = await pool.query<{ n: string }>('select count(*) as n from tm_tenants where state = $1', [state]);
      return Number(rows[0]!.n);
    },
    /**
     * Transactions the database committed or rolled back, less the watcher's own queries.
     * Backends report their counts when idle, at most once a second, so this waits for that first.
     */
    async transactions(): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      ownQueries++;
      const { rows } = await pool.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
      return Number(rows[0]!.n) - ownQueries - watched.queries();
    },
    /** Statements and backend CPU of everything but this watcher, between `start` and `stop`. */
    cost,
    async stop() {
      await watched.stop();
      cost.close();
      await pool.end();
    },
  };
}

