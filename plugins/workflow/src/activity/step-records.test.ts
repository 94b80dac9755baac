import type { Database } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { count, startWorkflowRuntime, waitForState } from '../test-support/test-activities-plugin.ts';
import type { ActivityContext, WorkflowActivity } from './workflow-activity.ts';

forEachDialect(t, 'the idempotency key and once(): an effect is made once for a step, whatever reruns it', async (t, _dialect, settings) => {
  const calls: Record<string, number> = {};
  const runs: Array<{ key: string; attempt: number }> = [];
  let effects = 0;
  let database!: () => Database;
  const made = (ctx: ActivityContext) =>
    ctx.once('account', async (em) => {
      effects++;
      await database().kysely(em).insertInto('test_wf_effects').values({ effect_key: ctx.idempotencyKey, value: 'account', at: Date.now() }).execute();
      return { account: `acct-${ctx.idempotencyKey}` };
    });
  const activity: WorkflowActivity = {
    type: 'test.account',
    async execute(ctx) {
      runs.push({ key: ctx.idempotencyKey, attempt: ctx.attempt });
      calls[ctx.stepId] = (calls[ctx.stepId] ?? 0) + 1;
      if (ctx.stepId === 'retried') {
        const first = await made(ctx);
        // The effect is made and recorded, then the attempt fails: the retry must not make it again.
        if (ctx.attempt === 1) throw new Error('lost the answer');
        return first;
      }
      // Two runs of one step at once, as when a replica takes over a stalled one's lease.
      const [one, two] = await Promise.all([made(ctx), made(ctx)]);
      t.same(one, two, 'both runs see the one recorded result');
      return one;
    },
    async compensate() {},
  };
  const { workflows, db } = await startWorkflowRuntime(t, settings, {
    activities: (db) => {
      database = db;
      return [activity];
    },
  });
  const id = await workflows.start({ name: 'accounts', activities: [{ id: 'retried', activity: 'test.account' }, { id: 'raced', activity: 'test.account' }] }, {}, { tenantId: 't1', id: 'acct-run' });
  const view = await waitForState(workflows, id, ['COMPLETED', 'FAILED']);

  t.equal(view.state, 'COMPLETED');
  t.same(
    runs.filter((run) => run.key === 'acct-run/retried'),
    [{ key: 'acct-run/retried', attempt: 1 }, { key: 'acct-run/retried', attempt: 2 }],
    'the key is <orchestration id>/<step id> on every attempt',
  );
  t.same(view.outputs, { retried: { account: 'acct-acct-run/retried' }, raced: { account: 'acct-acct-run/raced' } }, 'the retry returned the recorded result');
  t.equal(await count(db, 'test_wf_effects'), 2, 'one effect per step: the unique key was never hit twice');
  t.ok(effects >= 2 && effects <= 3, `the racing runs may both have begun the effect, one rolled back (${effects} begun)`);
  t.equal(await count(db, 'wf_step_records'), 2);
});

forEachDialect(t, 'record() keeps the first value; recorded() reads it; bad names are refused', async (t, _dialect, settings) => {
  const seen: unknown[] = [];
  const activity: WorkflowActivity = {
    type: 'test.external',
    async execute(ctx) {
      seen.push(await ctx.recorded('vm'));
      seen.push(await ctx.record('vm', { id: 'vm-1' }));
      seen.push(await ctx.record('vm', { id: 'vm-2' }));
      seen.push(await ctx.recorded('vm'));
      await ctx.record('nothing', undefined);
      seen.push(await ctx.recorded('nothing'));
      await t.rejects(ctx.once('bad name', async () => 1), TypeError);
      await t.rejects(ctx.record('', 1), /record name "" must be/);
      return null;
    },
    async compensate() {},
  };
  const { workflows } = await startWorkflowRuntime(t, settings, { activities: () => [activity] });
  const id = await workflows.start({ name: 'external', activities: [{ id: 'vm', activity: 'test.external' }] }, {}, { tenantId: 't1' });
  t.equal((await waitForState(workflows, id, ['COMPLETED', 'FAILED'])).state, 'COMPLETED');
  t.same(seen, [undefined, { id: 'vm-1' }, { id: 'vm-1' }, { value: { id: 'vm-1' } }, { value: null }]);
});
