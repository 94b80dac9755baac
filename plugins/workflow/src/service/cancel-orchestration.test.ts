import { ProblemError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import type { WorkflowActivity } from '../activity/workflow-activity.ts';
import { effectActivity } from '../test-support/effect-activity.ts';
import { count, eventually, startWorkflowRuntime, TEST_STEPS, waitForState } from '../test-support/test-activities-plugin.ts';

/** An activity that waits, once it runs, until the test lets it go; or fails its first attempt. */
function createGate() {
  let entered = false;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const calls: string[] = [];
  const activity: WorkflowActivity = {
    type: 'test.gate',
    async execute(ctx) {
      calls.push(`${ctx.stepId}#${ctx.attempt}`);
      if (ctx.params.failFirst && ctx.attempt === 1) throw new Error('not yet');
      entered = true;
      await opened;
      return 'through';
    },
    async compensate(ctx) {
      calls.push(`undo ${ctx.stepId}`);
    },
  };
  return { activity, calls, open, entered: () => entered };
}

forEachDialect(t, 'cancel: steps not begun are skipped, the step in flight finishes, completed steps are compensated, CANCELLED', async (t, _dialect, settings) => {
  const gate = createGate();
  t.teardown(gate.open);
  const { workflows, db } = await startWorkflowRuntime(t, settings, { activities: (db) => [gate.activity, effectActivity('test.effect', db)] });
  const definition = {
    name: 'cancellable',
    activities: [
      { id: 'a', activity: 'test.effect' },
      { id: 'b', activity: 'test.gate', dependsOn: ['a'] },
      { id: 'c', activity: 'test.effect', dependsOn: ['b'] },
    ],
  };
  const id = await workflows.start(definition, {}, { tenantId: 't1' });
  t.ok(await eventually(gate.entered), 'b is running');

  const cancelling = await workflows.cancel(id, { reason: 'operator asked' });
  t.equal(cancelling.state, 'COMPENSATING');
  t.same(
    cancelling.steps.map((step) => step.state),
    ['COMPLETED', 'RUNNING', 'SKIPPED'],
    'c skipped at once; a waits for b, which is still running',
  );
  gate.open();
  const view = await waitForState(workflows, id, ['CANCELLED', 'FAILED']);
  t.equal(view.state, 'CANCELLED');
  t.equal(view.error, 'cancelled: operator asked');
  t.same(view.steps.map((step) => step.state), ['COMPENSATED', 'COMPENSATED', 'SKIPPED']);
  t.same(gate.calls, ['b#1', 'undo b'], 'b finished its attempt, then was compensated');
  t.equal(await count(db, 'test_wf_undos'), 1, 'a compensated once');
  t.ok(view.steps[0]!.compensatedAt! >= view.steps[1]!.compensatedAt!, `b before a: ${JSON.stringify(view.steps)}`);

  t.equal((await workflows.cancel(id)).state, 'CANCELLED', 'cancelling again changes nothing');
  t.equal((await workflows.get(id)).error, 'cancelled: operator asked');
});

forEachDialect(t, 'cancel during a back-off: the next attempt does not run the activity', async (t, _dialect, settings) => {
  const gate = createGate();
  gate.open(); // a second attempt, if the cancel came too late, would go through and fail the test below
  // Long enough for the cancel to land in the back-off even on a busy machine.
  const steps = { ...TEST_STEPS, retry: { ...TEST_STEPS.retry, baseDelayMs: 2_500 } };
  const { workflows } = await startWorkflowRuntime(t, settings, { activities: (db) => [gate.activity, effectActivity('test.effect', db)], steps });
  const id = await workflows.start(
    { name: 'retrying', activities: [{ id: 'a', activity: 'test.effect' }, { id: 'b', activity: 'test.gate', dependsOn: ['a'], input: { failFirst: true } }] },
    {},
    { tenantId: 't1' },
  );
  t.ok(await eventually(() => gate.calls.length === 1), 'b failed its first attempt');
  await workflows.cancel(id);
  const view = await waitForState(workflows, id, ['CANCELLED', 'FAILED']);
  t.equal(view.state, 'CANCELLED');
  t.same(view.steps.map((step) => step.state), ['COMPENSATED', 'SKIPPED']);
  t.same(gate.calls, ['b#1'], 'no second attempt, nothing to undo for b');
});

forEachDialect(t, 'a completed orchestration cannot be cancelled; an unknown one is not found', async (t, _dialect, settings) => {
  const { workflows } = await startWorkflowRuntime(t, settings, { activities: (db) => [effectActivity('test.effect', db)] });
  const id = await workflows.start({ name: 'quick', activities: [{ id: 'a', activity: 'test.effect' }] }, {}, { tenantId: 't1' });
  await waitForState(workflows, id, ['COMPLETED']);
  const refused = await rejectionOf(workflows.cancel(id));
  t.ok(refused instanceof ProblemError);
  t.match(refused, { status: 409, message: /has completed/ });
  t.match(await rejectionOf(workflows.cancel('nope')), { status: 404, message: 'orchestration nope does not exist' });
  t.match(await rejectionOf(workflows.get('nope')), { status: 404 });
});
