import { type Database, Metrics } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { PermanentError } from '../activity/permanent-error.ts';
import type { WorkflowActivity } from '../activity/workflow-activity.ts';
import { defineOrchestration } from '../definition/define-orchestration.ts';
import { effectActivity } from '../test-support/effect-activity.ts';
import { metricValue } from '../test-support/metric-value.ts';
import { count, eventually, startWorkflowRuntime, TEST_STEPS, waitForState } from '../test-support/test-activities-plugin.ts';

forEachDialect(t, 'a failing attempt is retried after an exponential back-off, its error shown meanwhile', async (t, _dialect, settings) => {
  const attempts: number[] = [];
  let observed!: () => void;
  const seen = new Promise<void>((resolve) => (observed = resolve));
  const flaky: WorkflowActivity = {
    type: 'test.flaky',
    async execute(ctx) {
      attempts.push(Date.now());
      if (ctx.attempt <= 2) throw new Error(`attempt ${ctx.attempt} failed`);
      await seen; // the test has looked at the step between attempts
      return { attempt: ctx.attempt };
    },
    async compensate() {},
  };
  const steps = { ...TEST_STEPS, retry: { baseDelayMs: 400, maxDelayMs: 5_000, maxAttempts: 5, jitter: 0 } };
  const { workflows, runtime } = await startWorkflowRuntime(t, settings, { activities: () => [flaky], steps });
  const id = await workflows.start({ name: 'flaky', activities: [{ id: 'only', activity: 'test.flaky' }] }, {}, { tenantId: 't1' });

  let waiting = await workflows.get(id);
  t.ok(await eventually(async () => (waiting = await workflows.get(id)).steps[0]!.error !== null), 'the first attempt failed');
  t.match(waiting.steps[0], { state: 'RUNNING', error: /^attempt [12] failed$/ }, 'between attempts the step shows its last error');
  t.ok(waiting.steps[0]!.attempts >= 1, 'and the attempts made');
  observed();

  const view = await waitForState(workflows, id, ['COMPLETED', 'FAILED']);
  t.equal(view.state, 'COMPLETED');
  t.match(view.steps[0], { attempts: 3, error: null });
  t.same(view.outputs, { only: { attempt: 3 } });
  const gaps = [attempts[1]! - attempts[0]!, attempts[2]! - attempts[1]!];
  t.ok(gaps[0]! >= 400 - 5 && gaps[1]! >= 800 - 5, `waited ≥ 400 ms, then ≥ 800 ms: ${gaps.join(', ')} ms`);
  t.equal(await metricValue(runtime.get(Metrics), 'tdss_workflow_steps_total', { activity: 'test.flaky', outcome: 'retried' }), 2);
});

forEachDialect(t, 'a step failing for good: completed steps compensated in reverse dependency order, FAILED with the cause', async (t, _dialect, settings) => {
  const compensated: string[] = [];
  const failing: WorkflowActivity = {
    type: 'test.fail',
    retry: { maxAttempts: 2 },
    async execute() {
      throw new Error('boom');
    },
    async compensate() {
      throw new Error('a failed step is never compensated');
    },
  };
  let database: (() => Database) | undefined;
  // a → b → c (fails) → d, and a → x in parallel
  const orchestration = defineOrchestration({
    name: 'fails-at-c',
    activities: [
      { id: 'a', activity: 'test.effect' },
      { id: 'b', activity: 'test.effect', dependsOn: ['a'] },
      { id: 'x', activity: 'test.effect', dependsOn: ['a'] },
      { id: 'c', activity: 'test.fail', dependsOn: ['b'] },
      { id: 'd', activity: 'test.effect', dependsOn: ['c'] },
    ],
    async onEnd(end, em) {
      // Through the transaction's own connection (`kysely(em)`): SQLite has one, held by that transaction.
      await database!().kysely(em).insertInto('test_wf_ends').values({ orchestration_id: end.id, state: end.state, error: end.error }).execute();
    },
  });
  const { workflows, runtime, db } = await startWorkflowRuntime(t, settings, {
    activities: (db) => {
      database = db;
      const effect = effectActivity('test.effect', db);
      return [
        failing,
        {
          ...effect,
          async compensate(ctx) {
            compensated.push(ctx.stepId);
            t.same(ctx.output, { key: ctx.idempotencyKey }, `compensation of ${ctx.stepId} sees its output`);
            await effect.compensate(ctx);
          },
        },
      ];
    },
    orchestrations: [orchestration],
  });
  const id = await workflows.start('fails-at-c', {}, { tenantId: 't1' });
  const view = await waitForState(workflows, id, ['FAILED', 'COMPLETED', 'CANCELLED']);

  t.equal(view.state, 'FAILED');
  t.equal(view.error, 'step c (test.fail) failed: boom', 'the cause names the step, its activity and the error');
  t.same(Object.fromEntries(view.steps.map((step) => [step.id, step.state])), { a: 'COMPENSATED', b: 'COMPENSATED', x: 'COMPENSATED', c: 'FAILED', d: 'SKIPPED' });
  t.match(view.steps.find((step) => step.id === 'c'), { attempts: 2, error: 'boom' }, 'c had its two attempts');
  t.equal(compensated.at(-1), 'a', `a, which b and x depend on, is compensated last: ${compensated.join(', ')}`);
  t.same([...compensated].sort(), ['a', 'b', 'x'], 'each completed step compensated once');
  t.equal(await count(db, 'test_wf_undos'), 3);
  t.same(await db.kysely().selectFrom('test_wf_ends').selectAll().execute(), [{ orchestration_id: id, state: 'FAILED', error: 'step c (test.fail) failed: boom' }], 'onEnd wrote the end in its transaction');
  const value = (outcome: string, activity = 'test.effect') => metricValue(runtime.get(Metrics), 'tdss_workflow_steps_total', { activity, outcome });
  t.same([await value('failed', 'test.fail'), await value('compensated'), await value('skipped')], [1, 3, 1], 'failed, compensated and skipped steps counted');
});

forEachDialect(t, 'a permanent error fails the step at its first attempt; a compensation failing for good is reported', async (t, _dialect, settings) => {
  const permanent: WorkflowActivity = {
    type: 'test.permanent',
    async execute(ctx) {
      if (ctx.params.how === 'predicate') throw new Error('quota exceeded');
      throw new PermanentError('no such region');
    },
    async compensate() {},
    retry: { retryable: (error) => !/quota/.test((error as Error).message) },
  };
  const stubborn: WorkflowActivity = {
    type: 'test.stubborn',
    async execute() {
      return 'made';
    },
    async compensate() {
      throw new Error('cannot undo');
    },
  };
  const { workflows } = await startWorkflowRuntime(t, settings, { activities: () => [permanent, stubborn] });
  for (const how of ['error', 'predicate']) {
    const id = await workflows.start({ name: 'permanent', activities: [{ id: 'only', activity: 'test.permanent', input: { how } }] }, {}, { tenantId: 't1' });
    const view = await waitForState(workflows, id, ['FAILED', 'COMPLETED']);
    t.match(view, { state: 'FAILED', error: /^step only \(test.permanent\) failed: (no such region|quota exceeded)$/ });
    t.equal(view.steps[0]!.attempts, 1, `no retry (${how})`);
  }

  const id = await workflows.start(
    { name: 'undo-fails', activities: [{ id: 'a', activity: 'test.stubborn' }, { id: 'b', activity: 'test.permanent', dependsOn: ['a'] }] },
    {},
    { tenantId: 't1' },
  );
  const view = await waitForState(workflows, id, ['FAILED', 'COMPLETED']);
  t.equal(view.error, 'step b (test.permanent) failed: no such region; compensation of step a (test.stubborn) failed: cannot undo');
  t.match(view.steps[0], { state: 'COMPENSATION_FAILED', compensationAttempts: TEST_STEPS.retry.maxAttempts, error: 'cannot undo' }, 'retried, then given up');
});
