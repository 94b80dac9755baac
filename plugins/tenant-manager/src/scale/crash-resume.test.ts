/**
 * A tenant runtime in a child process is SIGKILLed while it provisions 100 tenants (some ACTIVE,
 * the others mid-way, steps held under lease, perhaps a POST cut off). A runtime restarted on the
 * same database takes over the killed one's steps once their leases expire; the tenants whose
 * POST never got through are POSTed again. All 100 end ACTIVE, each provisioned once: one DID,
 * key pair, participant context and API key per tenant, no stray private key in the secret
 * store, every step COMPLETED at its first attempt.
 */
import { randomBytes } from 'node:crypto';
import { HttpServer } from '@tdss/sdk';
import { createPostgresDatabase, createTempDir, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import { checkProvisionedOnce, createTenants, eventually, spawnWorker, startObserver, tenantsIn } from './test-support/scale-kit.ts';
import { scalePlugins } from './test-support/scale-plugins.ts';

const TENANTS = 100;
/**
 * The killed runtime's leases are short, so that the restarted one takes its steps over soon, but
 * outlast a step on a loaded machine: a step outliving its own lease would run again beside itself.
 */
const KILLED_STEPS = { leaseMs: 5_000, pollIntervalMs: 100, retry: { baseDelayMs: 50, maxDelayMs: 500 } };
/** The restarted runtime's own leases outlast any step on a loaded machine. */
const RESTARTED_STEPS = { leaseMs: 30_000, pollIntervalMs: 100, retry: { baseDelayMs: 50, maxDelayMs: 500 } };

process.env.TDSS_SECRETS_KEY ??= randomBytes(32).toString('base64');

t.test('a runtime SIGKILLed while provisioning 100 tenants: after a restart all are ACTIVE, each provisioned once', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const ids = Array.from({ length: TENANTS }, (_, i) => `crash-${String(i).padStart(3, '0')}`);
  // One deployment restarted: the same data folder (the local provisioner's tenant folders).
  const dataDir = await createTempDir(t, 'tdss-crash-');
  const worker = await spawnWorker(t, 'killed', { url, steps: KILLED_STEPS, dataDir });
  const observer = await startObserver(t, url);

  const posting = createTenants([worker.management], ids).catch((error: unknown) => error);
  t.ok(await eventually(async () => (await tenantsIn(observer, 'ACTIVE')) >= TENANTS / 4, 60_000), 'the runtime provisions tenants');
  worker.child.kill('SIGKILL');
  await worker.exited;
  await posting;

  const activeAtKill = await tenantsIn(observer, 'ACTIVE');
  const held = await observer.kysely().selectFrom('wf_steps').select('id').where('lease_owner', 'is not', null).execute();
  t.ok(activeAtKill < TENANTS, `killed mid-way: ${activeAtKill} of ${TENANTS} tenants ACTIVE`);
  t.ok(held.length > 0, `killed mid-step: it held ${held.length} step leases`);

  const began = Date.now();
  const restarted = await startTestRuntime(t, { name: 'restarted', dataDir, plugins: scalePlugins({ url, steps: RESTARTED_STEPS }) });
  const known = new Set((await observer.kysely().selectFrom('tm_tenants').select('id').execute()).map((row) => row.id as string));
  const missing = ids.filter((id) => !known.has(id));
  t.comment(`${missing.length} POSTs did not get through before the kill; POSTed again`);
  await createTenants([restarted.get(HttpServer).url('management')], missing);
  t.ok(await eventually(async () => (await tenantsIn(observer, 'ACTIVE')) === TENANTS, 60_000), 'the restarted runtime finishes the tenants the killed one began');
  t.comment(`the restarted runtime finished in ${Date.now() - began} ms (leases of ${KILLED_STEPS.leaseMs} ms expired first)`);
  await checkProvisionedOnce(t, observer, ids);
});
