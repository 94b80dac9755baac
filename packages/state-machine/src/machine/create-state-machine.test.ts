import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database, Metrics } from '@tdss/sdk';
import { createTempDir, forEachDialect } from '@tdss/testing';
import t from 'tap';
import { eventually, insertJobs, Job, jobStates, recordCall, startJobMachine, startJobsRuntime } from '../fixtures/jobs-plugin.ts';

async function load(db: Database, id: string): Promise<Job> {
  return (await db.em().findOneOrFail(Job, { id })) as Job;
}

async function metricValue(registry: Metrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value;
}

forEachDialect(t, 'a transition writes its state and its changes together, or neither', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 20,
    retry: { baseDelayMs: 50, jitter: 0 },
    processors: {
      // The first attempt writes a value the table refuses (title is NOT NULL).
      PENDING: (_job, step) => step.transition('DONE', { title: step.attempt === 1 ? (null as unknown as string) : 'done' }),
    },
  });
  const began = Date.now();
  const [id] = await insertJobs(db, machine, 1, 'PENDING');
  const before = await load(db, id!);
  t.equal(before.version, 1);
  // The kick processes the row, or the sweeper (every 20 ms) when it claimed the row first.
  await machine.kick(id!);
  t.ok(await eventually(async () => (await load(db, id!)).stateCount === 1), 'the first attempt was processed');

  const failed = await load(db, id!);
  t.equal(failed.state, 'PENDING', 'the refused write left the state');
  t.equal(failed.title, 'job job-0000', 'and the data as they were');
  t.equal(failed.stateCount, 1, 'it counts as a failed attempt');
  t.ok(failed.nextAttemptAt!.getTime() >= began + 50 - 2, 'due again after the back-off (50 ms)');
  t.equal(failed.leaseOwner, null, 'the lease is released');

  t.ok(await eventually(async () => (await load(db, id!)).state === 'DONE'), 'the next attempt transitions');
  const done = await load(db, id!);
  t.equal(done.title, 'done', 'with its changes');
  t.equal(done.stateCount, 0, 'a new state starts with no failed attempts');
  t.equal(done.nextAttemptAt, null, 'a state without processor is never due');
  t.equal(done.leaseOwner, null);
  t.equal(done.version, 5, 'claim, retry, claim, transition: each write moved the version');
  t.ok(done.stateTimestamp.getTime() >= failed.stateTimestamp.getTime(), 'stateTimestamp marks the entry into DONE');
});

forEachDialect(t, 'a failing processor retries with growing back-off, then its retries are exhausted', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const calls: Array<{ attempt: number; at: number; stateCount: number }> = [];
  const exhausted: string[] = [];
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 10,
    retry: { baseDelayMs: 40, maxDelayMs: 10_000, maxAttempts: 4, jitter: 0 },
    processors: {
      PENDING: (job, step) => {
        calls.push({ attempt: step.attempt, at: Date.now(), stateCount: job.stateCount });
        throw new Error('the peer does not answer');
      },
    },
    onRetriesExhausted: (_job, error, step) => {
      exhausted.push((error as Error).message);
      return step.transition('FAILED', { title: `failed after ${step.attempt} attempts` });
    },
  });
  const [id] = await insertJobs(db, machine, 1, 'PENDING');
  await machine.kick(id!);
  t.ok(await eventually(async () => (await load(db, id!)).state === 'FAILED', 10_000), 'the row ends in FAILED');

  t.same(calls.map((c) => c.attempt), [1, 2, 3, 4], 'maxAttempts attempts, numbered');
  t.same(calls.map((c) => c.stateCount), [0, 1, 2, 3], 'stateCount counts the failed ones');
  const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
  [40, 80, 160].forEach((delay, i) => t.ok(gaps[i]! >= delay - 2, `wait ${i + 1} (${gaps[i]} ms) is at least ${delay} ms`));
  t.ok(gaps[2]! > gaps[0]!, 'the back-off grows');
  t.same(exhausted, ['the peer does not answer'], 'onRetriesExhausted ran once, with the last error');
  const failed = await load(db, id!);
  t.equal(failed.title, 'failed after 4 attempts');
  t.equal(failed.stateCount, 0);

  const registry = runtime.get(Metrics);
  const labels = { machine: 'test-jobs', state: 'PENDING' };
  t.equal(await metricValue(registry, 'tdss_state_machine_retried_total', labels), 3);
  t.equal(await metricValue(registry, 'tdss_state_machine_exhausted_total', labels), 1);
  t.equal(await metricValue(registry, 'tdss_state_machine_processed_total', labels), 4);
});

forEachDialect(t, 'without onRetriesExhausted an exhausted row is parked until an input moves it on', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  let calls = 0;
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 10,
    retry: { baseDelayMs: 0, maxAttempts: 2, jitter: 0 },
    processors: {
      PENDING: () => {
        calls++;
        throw new Error('boom');
      },
    },
  });
  const [id] = await insertJobs(db, machine, 1, 'PENDING');
  await machine.kick(id!);
  t.ok(await eventually(async () => (await load(db, id!)).stateCount === 2));
  await sleep(100);
  t.equal(calls, 2, 'no attempt after the last');
  const parked = await load(db, id!);
  t.equal(parked.state, 'PENDING');
  t.equal(parked.nextAttemptAt, null, 'never due again by itself');
  const moved = await db.transactional((em) => machine.apply(em, { id: id!, tenantId: 'T1', from: ['PENDING'], to: 'CANCELLED' }));
  t.equal(moved.result, 'applied');
});

forEachDialect(t, 'kick processes a row at once and its next states follow without waiting for the poll', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const seen: string[] = [];
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 60_000,
    processors: {
      REQUESTING: (job, step) => (seen.push(job.state), step.transition('REQUESTED_SENT')),
      REQUESTED_SENT: (job, step) => (seen.push(job.state), step.transition('VERIFYING')),
      VERIFYING: (job, step) => (seen.push(job.state), step.transition('DONE')),
    },
  });
  // Let the sweeper's first sweep pass: from now on only kicks process.
  await sleep(200);
  const [id] = await insertJobs(db, machine, 1, 'REQUESTING');
  const began = Date.now();
  t.equal(await machine.kick(id!), true, 'the kick claimed and processed the row');
  t.ok(await eventually(async () => (await load(db, id!)).state === 'DONE', 5_000), 'the chain reached DONE');
  t.ok(Date.now() - began < 5_000, `done in ${Date.now() - began} ms, far below the 60 s poll`);
  t.same(seen, ['REQUESTING', 'REQUESTED_SENT', 'VERIFYING']);
  t.equal(await machine.kick(id!), false, 'a row in a state without processor is not processed');
  t.equal(await machine.kick('no-such-job'), false, 'nor an unknown id');
});

forEachDialect(t, 'kicks beyond batchSize wait for a free slot, and a row kicked twice is processed once', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  let running = 0;
  let most = 0;
  let calls = 0;
  const machine = startJobMachine(t, runtime, {
    batchSize: 3,
    pollIntervalMs: 60_000,
    processors: {
      PENDING: async (_job, step) => {
        calls++;
        most = Math.max(most, ++running);
        await sleep(20);
        running--;
        return step.transition('DONE');
      },
    },
  });
  await sleep(200);
  const ids = await insertJobs(db, machine, 12, 'PENDING');
  const results = await Promise.all([...ids, ids[0]!].map((id) => machine.kick(id)));
  t.ok(results.slice(0, ids.length).every(Boolean), 'every row processed by its kick');
  t.equal(calls, 12, 'the row kicked twice ran once');
  t.equal(most, 3, 'never more than batchSize at once');
  t.same(await jobStates(db), { DONE: 12 });
});

forEachDialect(t, 'a worker that stalls past its lease cannot write once another took the row over', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let stalled!: () => void;
  const stalling = new Promise<void>((resolve) => (stalled = resolve));
  const slow = startJobMachine(t, runtime, {
    name: 'slow',
    leaseMs: 300,
    pollIntervalMs: 60_000,
    processors: {
      PENDING: async (_job, step) => {
        stalled();
        await gate;
        return step.transition('DONE', { title: 'by slow' });
      },
    },
  });
  await sleep(100);
  const [id] = await insertJobs(db, slow, 1, 'PENDING');
  const slowRun = slow.kick(id!);
  await stalling;

  startJobMachine(t, runtime, {
    name: 'fast',
    leaseMs: 300,
    pollIntervalMs: 20,
    processors: { PENDING: (_job, step) => step.transition('DONE', { title: 'by fast' }) },
  });
  t.ok(await eventually(async () => (await load(db, id!)).state === 'DONE', 5_000), 'the other machine took over once the lease expired');
  const taken = await load(db, id!);
  t.equal(taken.title, 'by fast');

  release();
  t.equal(await slowRun, true, 'the stalled worker finished its processor');
  const after = await load(db, id!);
  t.equal(after.title, 'by fast', 'its late outcome was refused');
  t.equal(after.version, taken.version, 'and wrote nothing');
  t.equal(await metricValue(runtime.get(Metrics), 'tdss_state_machine_lost_total', { machine: 'slow', state: 'PENDING' }), 1);
});

forEachDialect(t, 'stop lets processors in flight finish, and releases the leases of those still running after its timeout', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  let started = 0;
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 60_000,
    processors: {
      PENDING: async (_job, step) => {
        started++;
        await sleep(200);
        return step.transition('DONE');
      },
    },
  });
  await sleep(100);
  const [id] = await insertJobs(db, machine, 1, 'PENDING');
  const kicked = machine.kick(id!);
  t.ok(await eventually(async () => started === 1));
  await machine.stop();
  t.equal(await kicked, true);
  t.equal((await load(db, id!)).state, 'DONE', 'the processor in flight wrote its outcome before stop resolved');
  t.equal(await machine.kick(id!), false, 'a stopped machine takes no kick');

  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const second = startJobMachine(t, runtime, {
    pollIntervalMs: 60_000,
    processors: {
      STUCK: async (_job, step) => {
        await gate;
        return step.transition('DONE');
      },
    },
  });
  await sleep(100);
  await db.transactional(async (em) => {
    em.create(Job, { id: 'stuck', tenantId: 'T1', title: 'stuck', ...second.initial('STUCK') });
  });
  const stuckRun = second.kick('stuck');
  t.ok(await eventually(async () => (await load(db, 'stuck')).leaseOwner === second.owner));
  await second.stop({ timeoutMs: 100 });
  const released = await load(db, 'stuck');
  t.equal(released.leaseOwner, null, 'the lease was released at the timeout');
  t.equal(released.state, 'STUCK');
  release();
  await stuckRun;
  t.equal((await load(db, 'stuck')).state, 'STUCK', 'the late outcome was refused');
});

forEachDialect(t, 'the registry reports due rows and how long the oldest has waited', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const machine = startJobMachine(t, runtime, {
    name: 'lagging',
    pollIntervalMs: 60_000,
    processors: { PENDING: (_job, step) => step.transition('DONE') },
  });
  await sleep(100);
  await insertJobs(db, machine, 3, 'PENDING');
  await db.em().nativeUpdate(Job, { id: 'job-0000' }, { nextAttemptAt: new Date(Date.now() - 5_000) });
  const registry = runtime.get(Metrics);
  t.equal(await metricValue(registry, 'tdss_state_machine_due_rows', { machine: 'lagging' }), 3);
  const lag = (await metricValue(registry, 'tdss_state_machine_due_lag_seconds', { machine: 'lagging' }))!;
  t.ok(lag >= 5 && lag < 30, `lag ${lag} s is the oldest row's wait`);
  await machine.stop();
  t.equal(await metricValue(registry, 'tdss_state_machine_due_rows', { machine: 'lagging' }), undefined, 'a stopped machine is no longer reported');
});

t.test('recordCall reports a second call of the same attempt', async (t) => {
  // Guards the duplicate detection the PostgreSQL tests rely on.
  const runtime = await startJobsRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t), 'calls.sqlite') });
  const db = runtime.get(Database);
  const job = { id: 'j', state: 'A', stateCount: 0 } as Job;
  t.equal(await recordCall(db, job, 'x'), true);
  t.equal(await recordCall(db, job, 'y'), false);
});

forEachDialect(t, 'insert writes a new row in one statement and, with claim, leases it for run()', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 60_000,
    processors: { REQUESTING: (_job, step) => step.transition('REQUESTED', { title: 'sent' }) },
  });
  const inserted = await machine.insert(db.em(), { id: 'new', tenantId: 'T1', title: 'fresh' }, 'REQUESTING', { claim: true });
  if (!inserted.claim) {
    t.fail('expected a claim');
    return;
  }
  t.match(await db.em().findOneOrFail(Job, { id: 'new' }), { state: 'REQUESTING', leaseOwner: machine.owner, version: 1, title: 'fresh' }, 'written leased');
  t.equal(await machine.kick('new'), false, 'a kick meanwhile finds the row leased');
  await machine.run(inserted.claim);
  t.match(await db.em().findOneOrFail(Job, { id: 'new' }), { state: 'REQUESTED', title: 'sent', leaseOwner: null, version: 2 }, 'processed once, from the row as inserted');

  const waiting = await machine.insert(db.em(), { id: 'idle', tenantId: 'T1', title: 'idle' }, 'REQUESTED', { claim: true });
  t.match(waiting, { due: false, row: { leaseOwner: null, nextAttemptAt: null } }, 'a state without a processor is neither due nor claimed');
  t.notOk('claim' in waiting);
  await t.rejects(machine.insert(db.em(), { id: 'new', tenantId: 'T1', title: 'again' }, 'REQUESTING'), 'the same id twice is refused');
  await t.rejects(machine.insert(db.em(), { id: 'x', tenantId: 'T1', title: 'x', version: 3 } as never, 'REQUESTING'), { message: /cannot set version/ });
});
