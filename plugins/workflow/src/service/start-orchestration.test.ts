import { ProblemError, TdssError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import { defineOrchestration } from '../definition/define-orchestration.ts';
import { effectActivity } from '../test-support/effect-activity.ts';
import { count, startWorkflowRuntime, waitForState } from '../test-support/test-activities-plugin.ts';

const ONE_STEP = { name: 'one', activities: [{ id: 'a', activity: 'test.effect' }] };

forEachDialect(t, 'start: by name or definition, idempotent by id, inside the caller\'s transaction', async (t, _dialect, settings) => {
  const contributed = defineOrchestration({ name: 'named', activities: [{ id: 'a', activity: 'test.effect' }, { id: 'b', activity: 'test.effect', dependsOn: ['a'] }] });
  const { workflows, db } = await startWorkflowRuntime(t, settings, { activities: (db) => [effectActivity('test.effect', db)], orchestrations: [contributed] });

  t.match(await rejectionOf(workflows.start({ ...contributed }, {}, { tenantId: 't1' })), { code: 'WORKFLOW_DEFINITION', message: /belongs to a contributed orchestration/ }, 'an inline namesake is refused');
  t.ok(await workflows.start(contributed, {}, { tenantId: 't1', id: 'by-object' }), 'the contributed object itself is fine');
  const named = await workflows.start('named', { region: 'eu' }, { tenantId: 't1', id: 'provision:t1' });
  t.equal(named, 'provision:t1');
  t.equal(await workflows.start('named', { region: 'eu' }, { tenantId: 't1', id: 'provision:t1' }), 'provision:t1', 'a repeated start returns the id');
  t.equal((await waitForState(workflows, named, ['COMPLETED'])).steps.length, 2);
  t.equal(await count(db, 'wf_orchestrations'), 2, 'and starts nothing');
  t.match(await rejectionOf(workflows.start(ONE_STEP, {}, { tenantId: 't1', id: 'provision:t1' })), { status: 409, message: /taken by another orchestration/ });
  t.match(await rejectionOf(workflows.start('named', {}, { tenantId: 't2', id: 'provision:t1' })), { status: 409 }, 'another tenant cannot reuse it');
  const racing = await Promise.all([1, 2, 3].map(() => workflows.start(ONE_STEP, {}, { tenantId: 't1', id: 'raced' })));
  t.same(racing, ['raced', 'raced', 'raced'], 'concurrent starts of one id all resolve to it');
  t.equal(await count(db, 'wf_orchestrations'), 3);

  await rejectionOf(
    db.transactional(async (em) => {
      await workflows.start(ONE_STEP, {}, { tenantId: 't1', id: 'rolled-back', em });
      throw new Error('the caller failed');
    }),
  );
  t.match(await rejectionOf(workflows.get('rolled-back')), { status: 404 }, 'rolled back with the caller');
  await db.transactional((em) => workflows.start(ONE_STEP, {}, { tenantId: 't1', id: 'committed', em }));
  await workflows.kick('committed');
  t.equal((await waitForState(workflows, 'committed', ['COMPLETED'])).state, 'COMPLETED', 'committed with the caller and run after the kick');
});

forEachDialect(t, 'start refuses unknown names and activity types, hooks not contributed, and bad input', async (t, _dialect, settings) => {
  const { workflows, db } = await startWorkflowRuntime(t, settings, { activities: (db) => [effectActivity('test.effect', db)] });
  const unknownName = await rejectionOf(workflows.start('nope', {}, { tenantId: 't1' }));
  t.ok(unknownName instanceof TdssError);
  t.match(unknownName, { code: 'WORKFLOW_UNKNOWN_ORCHESTRATION', message: /no orchestration named "nope"/ });
  t.match(await rejectionOf(workflows.start({ name: 'x', activities: [{ id: 'a', activity: 'test.missing' }] }, {}, { tenantId: 't1' })), {
    code: 'WORKFLOW_DEFINITION',
    message: /unknown activity type "test.missing" \(step a\)/,
  });
  t.match(await rejectionOf(workflows.start({ name: 'x', activities: [{ id: 'a', activity: 'test.effect', dependsOn: ['a'] }] }, {}, { tenantId: 't1' })), { message: /depends on itself/ });
  t.match(await rejectionOf(workflows.start({ ...ONE_STEP, onEnd: async () => {} }, {}, { tenantId: 't1' })), { code: 'WORKFLOW_DEFINITION', message: /onEnd hook but is not contributed/ });
  const badInput = await rejectionOf(workflows.start(ONE_STEP, { big: 1n } as never, { tenantId: 't1' }));
  t.ok(badInput instanceof ProblemError);
  t.match(badInput, { status: 400, message: /must be JSON/ });
  t.match(await rejectionOf(workflows.start(ONE_STEP, [] as never, { tenantId: 't1' })), { status: 400, message: /JSON object/ });
  t.match(await rejectionOf(workflows.start(ONE_STEP, {}, { tenantId: '' })), { status: 400, message: /tenantId/ });
  t.match(await rejectionOf(workflows.start(ONE_STEP, {}, { tenantId: 't1', id: 'has space' })), { status: 400 });
  t.match(await rejectionOf(workflows.start(ONE_STEP, {}, { tenantId: 't1', correlationId: 'x'.repeat(256) })), { status: 400 });
  t.equal(await count(db, 'wf_orchestrations'), 0, 'nothing stored');
});

forEachDialect(t, 'list: newest first, filtered by tenant, correlation, name and state, paged', async (t, _dialect, settings) => {
  const { workflows } = await startWorkflowRuntime(t, settings, { activities: (db) => [effectActivity('test.effect', db)] });
  const ids: string[] = [];
  for (const [i, tenantId] of ['t1', 't2', 't1'].entries()) {
    ids.push(await workflows.start({ ...ONE_STEP, name: `n${i % 2}` }, {}, { tenantId, correlationId: `c${i}` }));
    await waitForState(workflows, ids.at(-1)!, ['COMPLETED']);
  }
  const all = await workflows.list();
  t.same(all.items.map((item) => item.id), [...ids].reverse());
  t.match(all, { total: 3, offset: 0, limit: 50 });
  t.same((await workflows.list({ tenantId: 't1' })).items.map((item) => item.id), [ids[2], ids[0]]);
  t.same((await workflows.list({ correlationId: 'c1' })).items.map((item) => item.tenantId), ['t2']);
  t.same((await workflows.list({ name: 'n0', limit: 1, offset: 1 })).items.map((item) => item.id), [ids[0]]);
  t.equal((await workflows.list({ state: 'COMPLETED' })).total, 3);
  t.equal((await workflows.list({ state: 'FAILED' })).total, 0);
  t.equal((await workflows.list({ limit: 10_000 })).limit, 500);
  t.match(await rejectionOf(workflows.list({ state: 'DONE' as never })), { status: 400, message: /state must be one of/ });
  t.match(await rejectionOf(workflows.list({ offset: -1 })), { status: 400 });
});
