import { Metrics } from '@tdss/sdk';
import { createPostgresDatabase } from '@tdss/testing';
import t from 'tap';
import { effectActivity, SIX_STEPS } from '../test-support/effect-activity.ts';
import { metricValue } from '../test-support/metric-value.ts';
import { count, eventually, startWorkflowRuntime } from '../test-support/test-activities-plugin.ts';

const ORCHESTRATIONS = 200;

t.test('two runtimes on one PostgreSQL database share 200 orchestrations, no step executed twice', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const settings = { dialect: 'postgresql' as const, url };
  const start = (name: string) =>
    startWorkflowRuntime(t, settings, { name, activities: (db) => [effectActivity('test.effect', db, { delayMs: 4, owner: () => name })] });
  const [one, two] = await Promise.all([start('one'), start('two')]);

  // Stored in one transaction without kicks, so that both runtimes' sweepers compete for them.
  const began = Date.now();
  await one!.db.transactional(async (em) => {
    for (let i = 0; i < ORCHESTRATIONS; i++) await one!.workflows.start({ name: 'six', activities: SIX_STEPS }, {}, { tenantId: `tenant-${i}`, em });
  });
  const stored = Date.now();
  t.ok(await eventually(async () => (await one!.workflows.list({ state: 'COMPLETED', limit: 1 })).total === ORCHESTRATIONS, 120_000), `all ${ORCHESTRATIONS} orchestrations completed`);
  t.comment(`stored in ${stored - began} ms, completed ${Date.now() - stored} ms later`);

  const db = one!.db;
  t.equal(await count(db, 'test_wf_calls'), ORCHESTRATIONS * 6, 'one call per step: the calls table (unique on orchestration, step, attempt) never clashed');
  t.equal(await count(db, 'test_wf_reruns'), 0, 'no step ran again');
  t.equal(await count(db, 'test_wf_effects'), ORCHESTRATIONS * 6, 'one effect per step');
  const byOwner = await db.kysely().selectFrom('test_wf_calls').select(['owner', (eb) => eb.fn.countAll().as('n')]).groupBy('owner').execute();
  const calls = Object.fromEntries(byOwner.map((row) => [row.owner, Number(row.n)]));
  t.ok((calls.one ?? 0) > 0 && (calls.two ?? 0) > 0, `both runtimes executed steps: ${JSON.stringify(calls)}`);
  for (const replica of [one!, two!]) {
    t.equal(await metricValue(replica.runtime.get(Metrics), 'tdss_state_machine_lost_total', { machine: 'workflow-steps' }), undefined, 'no outcome was refused');
  }
});
