/**
 * What the scale tests share: tenant runtimes in child processes, the tenant API driven over
 * HTTP, a runtime of the store alone to read every table, and the check that each tenant was
 * provisioned once and whole.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Database, Database as DatabaseToken } from '@tdss/sdk';
import store from '@tdss/store-sql';
import { startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import { PROVISION_TENANT } from '../../provisioning/tenant-orchestrations.ts';
import { SCALE_ADMIN_TOKEN, type ScaleRuntimeSettings } from './scale-plugins.ts';

const WORKER = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));

export interface ScaleWorker {
  child: ChildProcess;
  management: string;
  observability: string;
  exited: Promise<unknown>;
}

/** Starts a tenant runtime in a child process; resolves once it serves HTTP. */
export async function spawnWorker(t: Test, name: string, settings: ScaleRuntimeSettings & { dataDir: string }): Promise<ScaleWorker> {
  const config = JSON.stringify({ ...settings, name });
  const child = spawn(process.execPath, [WORKER, config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const ready = await eventually(() => /^ready (.*)$/m.exec(output)?.[1] ?? (child.exitCode !== null ? 'exited' : undefined), 60_000);
  if (!ready || ready === 'exited') throw new Error(`worker ${name} did not start: ${output}`);
  const urls = JSON.parse(ready) as { management: string; observability: string };
  return { child, exited, ...urls };
}

/** POSTs tenants `ids` to the management APIs given, round robin, `inFlight` at a time; every answer must be 201. */
export async function createTenants(managementUrls: readonly string[], ids: readonly string[], inFlight = 16): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < ids.length; i = next++) {
        const url = `${managementUrls[i % managementUrls.length]}/v1/tenants`;
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${SCALE_ADMIN_TOKEN}` },
          body: JSON.stringify({ id: ids[i], name: `Tenant ${ids[i]}` }),
        });
        if (response.status !== 201) throw new Error(`POST ${url} (${ids[i]}) answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      }
    }),
  );
}

/** A runtime of the store alone on the database: reads the tables without running any step. */
export async function startObserver(t: Test, url: string): Promise<Database> {
  const runtime = await startTestRuntime(t, { name: 'observer', plugins: [{ plugin: store, settings: { dialect: 'postgresql', url } }] });
  return runtime.get(DatabaseToken);
}

export async function tenantsIn(db: Database, state: string): Promise<number> {
  const row = await db.kysely().selectFrom('tm_tenants').select((eb) => eb.fn.countAll().as('n')).where('state', '=', state).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A counter of the runtime's Prometheus text, summed over the series whose labels include `labels`. */
export async function scrape(observability: string, metric: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${observability}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== metric) continue;
    if (Object.entries(labels).every(([key, value]) => match[2]!.includes(`${key}="${value}"`))) sum += Number(match[3]);
  }
  return sum;
}

/**
 * Every tenant ACTIVE with its own DID; one DID record, one key pair, one participant context
 * (its participantId the DID) and one API key per tenant; the secret store holds exactly the
 * private keys of the key pairs on record (a key made twice would leave a second one there);
 * every step of every provisioning orchestration — whatever steps it has — COMPLETED at its
 * first attempt. Resolves to the number of steps per orchestration.
 */
export async function checkProvisionedOnce(t: Test, db: Database, ids: readonly string[]): Promise<number> {
  const k = db.kysely();
  const tenants = await k.selectFrom('tm_tenants').select(['id', 'state', 'did']).execute();
  t.equal(tenants.length, ids.length, `${ids.length} tenants`);
  t.same(tenants.filter((tenant) => tenant.state !== 'ACTIVE' || !tenant.did), [], 'every tenant ACTIVE with a DID');
  const didOf = new Map(tenants.map((tenant) => [tenant.id as string, tenant.did as string]));
  t.equal(new Set(didOf.values()).size, ids.length, 'no DID shared by two tenants');

  for (const table of ['identity_hub_dids', 'identity_hub_key_pairs']) {
    const counts = await k.selectFrom(table).select(['tenant_id', (eb) => eb.fn.countAll().as('n')]).groupBy('tenant_id').execute();
    t.equal(counts.length, ids.length, `${table}: rows for every tenant`);
    t.same(counts.filter((row) => Number(row.n) !== 1), [], `${table}: one row per tenant`);
  }
  const dids = await k.selectFrom('identity_hub_dids').select(['tenant_id', 'did']).execute();
  t.same(dids.filter((row) => didOf.get(row.tenant_id) !== row.did), [], 'each DID record is its tenant\'s DID');
  const contexts = await k.selectFrom('cp_participant_context').select(['id', 'participant_id']).execute();
  t.equal(contexts.length, ids.length, 'one participant context per tenant');
  t.same(contexts.filter((row) => didOf.get(row.id) !== row.participant_id), [], 'each participant context carries its tenant\'s DID');

  const keyPairs = await k.selectFrom('identity_hub_key_pairs').select(['tenant_id', 'id']).execute();
  const secrets = await k.selectFrom('tdss_secrets').select(['tenant_id', 'key']).execute();
  const expectedKeys = new Set(keyPairs.map((row) => `${row.tenant_id} identity-hub/key-pairs/${row.id}`));
  const storedKeys = secrets.filter((row) => String(row.key).startsWith('identity-hub/key-pairs/')).map((row) => `${row.tenant_id} ${row.key}`);
  t.same(storedKeys.filter((key) => !expectedKeys.has(key)), [], 'no private key in the secret store without its key pair (none made twice)');
  t.equal(storedKeys.length, keyPairs.length, 'every key pair has its private key');
  const apiKeys = secrets.filter((row) => row.key === 'tenant-manager/api-key');
  t.equal(new Set(apiKeys.map((row) => row.tenant_id)).size, ids.length, 'one API key per tenant');

  const steps = await k
    .selectFrom('wf_steps as s')
    .innerJoin('wf_orchestrations as o', 'o.id', 's.orchestration_id')
    .select(['s.id', 's.state', 's.attempts', 's.error'])
    .where('o.name', '=', PROVISION_TENANT)
    .execute();
  const perOrchestration = steps.length / ids.length;
  t.ok(Number.isInteger(perOrchestration) && perOrchestration >= 3, `${perOrchestration} steps per provisioning`);
  t.same(steps.filter((step) => step.state !== 'COMPLETED' || Number(step.attempts) !== 1 || step.error !== null), [], 'every step COMPLETED at its first attempt');
  return perOrchestration;
}

/** Resolves to the first truthy value of `check`, or undefined after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs: number, pauseMs = 50): Promise<T | undefined> {
  for (const until = Date.now() + timeoutMs; ; ) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) return undefined;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
