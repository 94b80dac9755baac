import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRuntime } from '@tdss/kernel';
import { definePlugin } from '@tdss/sdk';
import store from '@tdss/store-sql';
import { createTempDir, rejectionOf, startTestRuntime } from '@tdss/testing';
import t, { type Test } from 'tap';
import type { WorkflowActivity } from './activity/workflow-activity.ts';
import workflow, { WorkflowActivities, Workflows } from './index.ts';
import { createTestActivitiesPlugin, waitForState } from './test-support/test-activities-plugin.ts';

const noop = (type: string): WorkflowActivity => ({ type, execute: async () => null, compensate: async () => {} });

async function sqlite(t: Test) {
  return { dialect: 'sqlite' as const, file: join(await createTempDir(t), 'test.sqlite') };
}

t.test('steps run only once every plugin has started, even those that start after the workflow plugin', async (t) => {
  let ready = false;
  const ranBeforeReady: string[] = [];
  const late = definePlugin({
    name: 'late-plugin',
    version: '1.0.0',
    requires: [Workflows],
    contributes: [WorkflowActivities],
    register(ctx) {
      ctx.contribute(WorkflowActivities, {
        ...noop('late.work'),
        async execute(ctx) {
          if (!ready) ranBeforeReady.push(ctx.stepId);
          return null;
        },
      });
    },
    async start(ctx) {
      await ctx.get(Workflows).start({ name: 'early', activities: [{ id: 'a', activity: 'late.work' }] }, {}, { tenantId: 't1', id: 'early' });
      await sleep(200);
      ready = true;
    },
  });
  const runtime = await startTestRuntime(t, { plugins: [{ plugin: store, settings: await sqlite(t) }, { plugin: workflow }, { plugin: late }] });
  const view = await waitForState(runtime.get(Workflows), 'early', ['COMPLETED', 'FAILED']);
  t.equal(view.state, 'COMPLETED', 'with the default settings');
  t.same(ranBeforeReady, [], 'the step waited for the runtime to be running');
});

t.test('an activity type contributed twice, or an orchestration naming an unknown type, stops the start', async (t) => {
  const twice = createRuntime({
    runtime: { name: 'twice', dataDir: await createTempDir(t), logLevel: 'silent' },
    plugins: [{ plugin: store, settings: await sqlite(t) }, { plugin: workflow }, { plugin: createTestActivitiesPlugin({ activities: () => [noop('dup'), noop('dup')] }) }],
  });
  t.match(await rejectionOf(twice.start()), { message: /activity type "dup" is contributed twice to WorkflowActivities/ });

  const unknown = createRuntime({
    runtime: { name: 'unknown', dataDir: await createTempDir(t), logLevel: 'silent' },
    plugins: [
      { plugin: store, settings: await sqlite(t) },
      { plugin: workflow },
      { plugin: createTestActivitiesPlugin({ orchestrations: [{ name: 'tenant', activities: [{ id: 'did', activity: 'identity.did' }] }] }) },
    ],
  });
  t.match(await rejectionOf(unknown.start()), { message: /orchestration "tenant": unknown activity type "identity.did" \(step did\)/ });

  const cyclic = createRuntime({
    runtime: { name: 'cyclic', dataDir: await createTempDir(t), logLevel: 'silent' },
    plugins: [
      { plugin: store, settings: await sqlite(t) },
      { plugin: workflow },
      { plugin: createTestActivitiesPlugin({ activities: () => [noop('x')], orchestrations: [{ name: 'loop', activities: [{ id: 'a', activity: 'x', dependsOn: ['b'] }, { id: 'b', activity: 'x', dependsOn: ['a'] }] }] }) },
    ],
  });
  t.match(await rejectionOf(cyclic.start()), { message: /orchestration "loop": its steps depend on each other in a cycle: a → b → a/ });
});

t.test('settings are checked by the kernel with their path', async (t) => {
  const error = await rejectionOf(
    (async () =>
      createRuntime({
        runtime: { name: 'bad', dataDir: await createTempDir(t), logLevel: 'silent' },
        plugins: [{ plugin: store, settings: await sqlite(t) }, { plugin: workflow, settings: { steps: { leaseMs: 10, speed: 1 } } }],
      }))(),
  );
  t.match(String(error), /steps\.leaseMs/);
  t.match(String(error), /speed/);
});
