import { createPostgresDatabase } from '@tdss/testing';
import t from 'tap';
import type { WorkflowActivity } from '../activity/workflow-activity.ts';
import { SIX_STEPS } from '../test-support/effect-activity.ts';
import { eventually, startWorkflowRuntime, TEST_STEPS } from '../test-support/test-activities-plugin.ts';

const ORCHESTRATIONS = 300;

t.test('throughput: orchestrations of six trivial steps per second, one runtime on PostgreSQL', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const trivial: WorkflowActivity = { type: 'test.effect', execute: async (ctx) => ({ step: ctx.stepId }), compensate: async () => {} };
  const steps = { ...TEST_STEPS, batchSize: 50, pollIntervalMs: 200 };
  const { workflows } = await startWorkflowRuntime(t, { dialect: 'postgresql', url }, { activities: () => [trivial], steps });

  const began = performance.now();
  for (let i = 0; i < ORCHESTRATIONS; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => workflows.start({ name: 'six', activities: SIX_STEPS }, {}, { tenantId: `tenant-${i + j}` })));
  }
  const stored = performance.now();
  t.ok(await eventually(async () => (await workflows.list({ state: 'COMPLETED', limit: 1 })).total === ORCHESTRATIONS, 300_000, 20), `${ORCHESTRATIONS} orchestrations completed`);
  const seconds = (performance.now() - began) / 1000;
  const figures = {
    orchestrationsPerSecond: Math.round(ORCHESTRATIONS / seconds),
    stepsPerSecond: Math.round((ORCHESTRATIONS * 6) / seconds),
    startsPerSecond: Math.round(ORCHESTRATIONS / ((stored - began) / 1000)),
  };
  t.comment(`workflow throughput, ${ORCHESTRATIONS} orchestrations of 6 trivial steps (a → (b, c) → d → (e, f)), batchSize 50: ${JSON.stringify(figures)}`);
});
