/**
 * Two tenant runtimes (child processes) on one PostgreSQL database provision 200 tenants POSTed
 * to them in turn, as a load balancer would. Both do a substantial part of the steps (counted
 * from each replica's own metrics); no step's processor runs twice (the steps processed add up to
 * the steps there are, no outcome was refused, every step COMPLETED at its first attempt) and
 * every tenant is provisioned once.
 */
import { randomBytes } from 'node:crypto';
import { createPostgresDatabase, createTempDir } from '@tdss/testing';
import t from 'tap';
import { checkProvisionedOnce, createTenants, eventually, scrape, spawnWorker, startObserver, tenantsIn } from './test-support/scale-kit.ts';

const TENANTS = 200;
const STEPS = { leaseMs: 30_000, pollIntervalMs: 100, retry: { baseDelayMs: 50, maxDelayMs: 500 } };
const MACHINE = { machine: 'workflow-steps' };

process.env.TDSS_SECRETS_KEY ??= randomBytes(32).toString('base64');

t.test('two replicas on one PostgreSQL database share 200 tenants, no step run twice', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const ids = Array.from({ length: TENANTS }, (_, i) => `replica-${String(i).padStart(3, '0')}`);
  const dataDir = await createTempDir(t, 'tdss-replicas-');
  const replicas = await Promise.all(['one', 'two'].map((name) => spawnWorker(t, name, { url, steps: STEPS, dataDir })));
  const observer = await startObserver(t, url);

  const began = Date.now();
  await createTenants(replicas.map((replica) => replica.management), ids);
  t.ok(await eventually(async () => (await tenantsIn(observer, 'ACTIVE')) === TENANTS, 60_000), `all ${TENANTS} tenants ACTIVE`);
  t.comment(`${TENANTS} tenants ACTIVE in ${Date.now() - began} ms`);

  const steps = await checkProvisionedOnce(t, observer, ids);
  const processed = await Promise.all(replicas.map((replica) => scrape(replica.observability, 'tdss_state_machine_processed_total', { ...MACHINE, state: 'RUNNING' })));
  const lost = await Promise.all(replicas.map((replica) => scrape(replica.observability, 'tdss_state_machine_lost_total', MACHINE)));
  t.comment(`steps processed per replica: ${processed.join(', ')}`);
  t.equal(processed[0]! + processed[1]!, TENANTS * steps, 'each step processed once across both replicas');
  t.same(lost, [0, 0], 'no outcome refused: no step was taken from the replica running it');
  for (const [i, count] of processed.entries()) t.ok(count >= (TENANTS * steps) / 4, `replica ${i + 1} processed a substantial part (${count})`);
});
