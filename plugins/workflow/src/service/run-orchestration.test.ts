import { Metrics } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import type { WorkflowActivity } from '../activity/workflow-activity.ts';
import type { WorkflowEvent } from '../engine/workflow-event.ts';
import { metricValue } from '../test-support/metric-value.ts';
import { startWorkflowRuntime, waitForState } from '../test-support/test-activities-plugin.ts';

/** Resolves once `count` callers arrived; a caller alone after `timeoutMs` fails (the steps did not overlap). */
function createMeeting(count: number, timeoutMs = 20_000) {
  const arrived: Array<() => void> = [];
  return () =>
    new Promise<void>((resolve, reject) => {
      arrived.push(resolve);
      if (arrived.length === count) arrived.forEach((release) => release());
      setTimeout(() => reject(new Error('the other parallel step never ran at the same time')), timeoutMs).unref();
    });
}

forEachDialect(t, 'a DAG runs in dependency order, independent steps overlap, outputs reach their dependents', async (t, _dialect, settings) => {
  const log: string[] = [];
  const meet = createMeeting(2);
  const arithmetic: WorkflowActivity = {
    type: 'test.arithmetic',
    async execute(ctx) {
      log.push(`start ${ctx.stepId}`);
      const seen = Object.keys(ctx.outputs).sort();
      const n = (id: string) => (ctx.outputs[id] as { n: number }).n;
      let result: number;
      if (ctx.stepId === 'a') result = ctx.input.n as number;
      else if (ctx.stepId === 'd') result = n('b') + n('c');
      else {
        await meet(); // b and c both wait here until the other one is running too
        result = ctx.stepId === 'b' ? n('a') * 2 : n('a') + (ctx.params.add as number);
      }
      log.push(`end ${ctx.stepId}`);
      return { n: result, seen };
    },
    async compensate() {
      throw new Error('nothing fails here');
    },
  };
  const { workflows, runtime } = await startWorkflowRuntime(t, settings, { activities: () => [arithmetic] });
  const events: WorkflowEvent[] = [];
  const unsubscribe = workflows.subscribe((event) => events.push(event));

  const id = await workflows.start(
    {
      name: 'diamond',
      activities: [
        { id: 'a', activity: 'test.arithmetic' },
        { id: 'b', activity: 'test.arithmetic', dependsOn: ['a'] },
        { id: 'c', activity: 'test.arithmetic', dependsOn: ['a'], input: { add: 10 } },
        { id: 'd', activity: 'test.arithmetic', dependsOn: ['b', 'c'] },
      ],
    },
    { n: 5 },
    { tenantId: 'tenant-1', correlationId: 'request-1' },
  );
  const view = await waitForState(workflows, id, ['COMPLETED', 'FAILED']);
  unsubscribe();

  t.equal(view.state, 'COMPLETED');
  t.same(view.outputs, { a: { n: 5, seen: [] }, b: { n: 10, seen: ['a'] }, c: { n: 15, seen: ['a'] }, d: { n: 25, seen: ['a', 'b', 'c'] } }, 'each step saw the outputs of the steps it depends on');
  t.same(log.slice(0, 2), ['start a', 'end a'], 'a first');
  t.same(log.slice(2, 4).sort(), ['start b', 'start c'], 'b and c started together');
  t.same(log.slice(-2), ['start d', 'end d'], 'd last');
  t.match(view, { name: 'diamond', tenantId: 'tenant-1', correlationId: 'request-1', error: null, input: { n: 5 } });
  t.ok(view.finishedAt && view.finishedAt >= view.createdAt);
  for (const step of view.steps) {
    t.match(step, { state: 'COMPLETED', attempts: 1, error: null }, `step ${step.id}`);
    t.ok(step.startedAt && step.finishedAt && step.finishedAt >= step.startedAt, `step ${step.id} has its times`);
  }
  const [, b, c, d] = view.steps;
  t.ok(d!.startedAt! >= b!.finishedAt! && d!.startedAt! >= c!.finishedAt!, 'd became due after b and c finished');

  const states = events.filter((event) => event.type === 'orchestration').map((event) => event.state);
  t.same(states, ['RUNNING', 'COMPLETED'], 'the listener heard the orchestration start and end');
  const completed = events.filter((event) => event.type === 'step' && event.state === 'COMPLETED').map((event) => (event as { stepId: string }).stepId);
  t.same(completed.sort(), ['a', 'b', 'c', 'd'], 'and each step complete');

  const value = (name: string, labels: Record<string, string>) => metricValue(runtime.get(Metrics), name, labels);
  t.equal(await value('tdss_workflow_steps_total', { activity: 'test.arithmetic', outcome: 'completed' }), 4, 'steps counted');
  t.equal(await value('tdss_workflow_orchestrations_started_total', { orchestration: 'diamond' }), 1);
  t.equal(await value('tdss_workflow_orchestrations_ended_total', { orchestration: 'diamond', state: 'COMPLETED' }), 1);
  t.equal(await value('tdss_workflow_orchestration_seconds_count', { orchestration: 'diamond', state: 'COMPLETED' }), 1, 'duration observed');
  t.equal(await value('tdss_state_machine_lost_total', { machine: 'workflow-steps' }), undefined, 'no step outcome was refused: details written beside an outcome keep its version');
});
