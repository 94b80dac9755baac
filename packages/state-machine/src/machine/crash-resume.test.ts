import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Database } from '@tdss/sdk';
import { createPostgresDatabase, createTempDir } from '@tdss/testing';
import t from 'tap';
import { CRASH_LEASE_MS } from '../fixtures/crash-settings.ts';
import { effectProcessor } from '../fixtures/effect-processor.ts';
import { createJobMachine, eventually, insertJobs, jobStates, startJobsRuntime } from '../fixtures/jobs-plugin.ts';

const WORKER = fileURLToPath(new URL('../fixtures/crash-worker.ts', import.meta.url));
const ROWS = 200;

t.test('a replica killed mid-processing: another finishes every row, each side effect once', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const runtime = await startJobsRuntime(t, { dialect: 'postgresql', url });
  const db = runtime.get(Database);
  const reruns: string[] = [];
  const survivor = createJobMachine(t, runtime, {
    name: 'survivor',
    leaseMs: CRASH_LEASE_MS,
    pollIntervalMs: 20,
    processors: effectProcessor(db, () => survivor.owner, (id) => reruns.push(id)),
  });
  await insertJobs(db, survivor, ROWS, 'PENDING');

  const child = spawn(process.execPath, [WORKER, url, await createTempDir(t)], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  t.ok(await eventually(async () => /^owner /m.test(output), 30_000), 'the worker started');
  const childOwner = /^owner (.+)$/m.exec(output)![1]!;

  const effects = async () => Number((await db.kysely().selectFrom('test_job_effects').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  t.ok(await eventually(async () => (await effects()) >= ROWS / 4, 30_000), 'the worker is processing');
  child.kill('SIGKILL');
  await once(child, 'exit');

  const done = (await jobStates(db)).DONE ?? 0;
  const held = await db.kysely().selectFrom('test_jobs').select('id').where('lease_owner', '=', childOwner).where('state', '=', 'PENDING').execute();
  const heldIds = new Set(held.map((row) => row.id as string));
  t.ok(done > 0 && done < ROWS, `killed mid-way: ${done} of ${ROWS} done`);
  t.ok(heldIds.size > 0, `killed mid-processing: it held ${heldIds.size} leases`);

  survivor.start();
  t.ok(await eventually(async () => (await jobStates(db)).DONE === ROWS, 30_000), 'the survivor finishes every row');
  t.same(await jobStates(db), { DONE: ROWS });
  t.equal(await effects(), ROWS, 'one side effect per row');
  const calls = await db.kysely().selectFrom('test_job_calls').select(['owner', (eb) => eb.fn.countAll().as('n')]).groupBy('owner').execute();
  const byOwner = Object.fromEntries(calls.map((row) => [row.owner === childOwner ? 'worker' : 'survivor', Number(row.n)]));
  t.equal((byOwner.worker ?? 0) + (byOwner.survivor ?? 0), ROWS, `every row's attempt was first called once: ${JSON.stringify(byOwner)}`);
  t.ok(byOwner.survivor! > 0, 'the survivor did part of the work');
  t.ok(
    reruns.every((id) => heldIds.has(id)),
    `only rows in flight at the kill ran again (${reruns.length} of ${heldIds.size} held)`,
  );
  const versions = await db.kysely().selectFrom('test_jobs').select(['id', 'version']).execute();
  const twice = versions.filter((row) => Number(row.version) !== (heldIds.has(row.id as string) ? 4 : 3));
  t.same(twice, [], 'each row was claimed once, or twice when the kill took its first claim, and written once');
});
