import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import type { WorkflowActivity } from '../activity/workflow-activity.ts';
import { effectActivity } from '../test-support/effect-activity.ts';
import { count, startWorkflowRuntime, waitForState } from '../test-support/test-activities-plugin.ts';

const TWO_STEPS = { name: 'two', activities: [{ id: 'a', activity: 'test.effect' }, { id: 'b', activity: 'test.effect', dependsOn: ['a'] }] };

forEachDialect(t, 'forget: a tenant\'s ended orchestrations go with their steps and records; running ones and other tenants\' stay', async (t, _dialect, settings) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  t.teardown(() => release());
  const hold: WorkflowActivity = { type: 'test.hold', execute: () => held.then(() => ({})), compensate: async () => {} };
  const { workflows, db } = await startWorkflowRuntime(t, settings, { activities: (db) => [effectActivity('test.effect', db), hold] });

  for (const id of ['gone-1', 'gone-2']) await workflows.start(TWO_STEPS, {}, { tenantId: 'gone', id });
  await workflows.start(TWO_STEPS, {}, { tenantId: 'kept', id: 'kept-1' });
  for (const id of ['gone-1', 'gone-2', 'kept-1']) await waitForState(workflows, id, ['COMPLETED']);
  await workflows.start({ name: 'held', activities: [{ id: 'h', activity: 'test.hold' }] }, {}, { tenantId: 'gone', id: 'gone-running' });
  const recordsBefore = await count(db, 'wf_step_records');
  t.ok(recordsBefore > 0, 'the steps recorded their effects');

  t.equal(await workflows.forget('gone'), 2, 'two ended orchestrations forgotten');
  t.equal(await workflows.forget('gone'), 0, 'forgetting again deletes nothing');
  t.match(await rejectionOf(workflows.get('gone-1')), { status: 404 });
  t.equal((await workflows.get('gone-running')).state, 'RUNNING', 'a running orchestration stays');
  t.equal((await workflows.get('kept-1')).state, 'COMPLETED', 'another tenant\'s stays');
  const rows = await db.kysely().selectFrom('wf_steps').select('tenant_id').distinct().execute();
  t.same(rows.map((row) => row.tenant_id).sort(), ['gone', 'kept'], 'no step of a forgotten orchestration is left');
  t.ok((await count(db, 'wf_step_records')) < recordsBefore, 'nor its records');

  release();
  await waitForState(workflows, 'gone-running', ['COMPLETED']);
  await db.transactional((em) => workflows.forget('gone', { em }));
  t.equal(await count(db, 'wf_orchestrations'), 1, 'inside the caller\'s transaction too');
});
