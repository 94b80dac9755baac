import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import store from '@tdss/store-sql';
import { createPostgresDatabase, createTempDir, startTestRuntime } from '@tdss/testing';
import { Database } from '@tdss/sdk';
import t from 'tap';
import { CRASH_LEASE_MS, CRASH_ORCHESTRATIONS, CRASH_STEP_DELAY_MS } from '../test-support/crash-settings.ts';
import { effectActivity } from '../test-support/effect-activity.ts';
import { count, createTestActivitiesPlugin, eventually, startWorkflowRuntime, TEST_STEPS } from '../test-support/test-activities-plugin.ts';

const WORKER = fileURLToPath(new URL('../test-support/crash-worker.ts', import.meta.url));
const STEPS = CRASH_ORCHESTRATIONS * 6;

t.test('a runtime SIGKILLed mid-way through 100 orchestrations: another finishes all, every effect exactly once', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const settings = { dialect: 'postgresql' as const, url };
  // Sees the tables without running any step: it has the test tables but not the workflow plugin.
  const observer = (await startTestRuntime(t, { name: 'observer', plugins: [{ plugin: store, settings }, { plugin: createTestActivitiesPlugin({}) }] })).get(Database);

  const child = spawn(process.execPath, [WORKER, url, await createTempDir(t)], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  t.ok(await eventually(() => /^started$/m.test(output), 60_000), `the worker started its orchestrations ${output}`);
  t.ok(await eventually(async () => (await count(observer, 'test_wf_effects')) >= STEPS / 4, 60_000), 'the worker is working');
  child.kill('SIGKILL');
  await once(child, 'exit');

  const effectsAtKill = await count(observer, 'test_wf_effects');
  const held = await observer.kysely().selectFrom('wf_steps').select('id').where('lease_owner', 'is not', null).execute();
  const heldIds = new Set(held.map((row) => row.id as string));
  t.ok(effectsAtKill > 0 && effectsAtKill < STEPS, `killed mid-way: ${effectsAtKill} of ${STEPS} effects made`);
  t.ok(heldIds.size > 0, `killed mid-step: it held ${heldIds.size} step leases`);
  const made = await observer.kysely().selectFrom('test_wf_effects').select('effect_key').execute();
  const heldWithEffect = made.filter((row) => heldIds.has(row.effect_key as string)).length;
  t.ok(heldWithEffect > 0, `the kill caught ${heldWithEffect} steps between their effect and their completion`);

  const began = Date.now();
  const { workflows, db } = await startWorkflowRuntime(t, settings, {
    name: 'survivor',
    // Only the killed worker's leases are short, so that they expire soon; the survivor's own must
    // outlast a step on a loaded machine, or its sweeper would take back steps it is still running.
    steps: TEST_STEPS,
    activities: (db) => [effectActivity('test.effect', db, { delayMs: CRASH_STEP_DELAY_MS / 4, owner: () => 'survivor' })],
  });
  t.ok(await eventually(async () => (await workflows.list({ state: 'COMPLETED', limit: 1 })).total === CRASH_ORCHESTRATIONS, 120_000), 'the survivor completes every orchestration');
  t.comment(`the survivor finished in ${Date.now() - began} ms (leases of ${CRASH_LEASE_MS} ms expired first)`);

  t.equal(await count(db, 'test_wf_effects'), STEPS, 'one effect per step: its unique key never clashed');
  t.equal(await count(db, 'wf_step_records'), STEPS);
  const steps = await db.kysely().selectFrom('wf_steps').select(['id', 'state', 'attempts', 'error']).execute();
  t.same(steps.filter((step) => step.state !== 'COMPLETED' || Number(step.attempts) !== 1 || step.error !== null), [], 'every step COMPLETED at its first attempt: no effect failed on a duplicate');
  const reruns = await db.kysely().selectFrom('test_wf_reruns').select(['orchestration_id', 'step_id']).execute();
  const rerunIds = reruns.map((row) => `${row.orchestration_id}/${row.step_id}`);
  t.same(rerunIds.filter((id) => !heldIds.has(id)), [], `only steps in flight at the kill ran again (${rerunIds.length} of ${heldIds.size} held)`);
  const byOwner = await db.kysely().selectFrom('test_wf_calls').select(['owner', (eb) => eb.fn.countAll().as('n')]).groupBy('owner').execute();
  const calls = Object.fromEntries(byOwner.map((row) => [row.owner, Number(row.n)]));
  t.equal((calls.worker ?? 0) + (calls.survivor ?? 0), STEPS, `each step's attempt was first called once: ${JSON.stringify(calls)}`);
  t.ok((calls.survivor ?? 0) > 0, 'the survivor did part of the work');
});
