import type { Runtime } from '@tdss/kernel';
import { Database } from '@tdss/sdk';
import { createPostgresDatabase } from '@tdss/testing';
import t from 'tap';
import { createJobMachine, eventually, insertJobs, type Job, jobStates, recordCall, startJobsRuntime } from '../fixtures/jobs-plugin.ts';
import type { StateMachine } from './create-state-machine.ts';

const ROWS = 500;

t.test('two runtimes on one PostgreSQL database never process a row twice in one state', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const settings = { dialect: 'postgresql' as const, url };
  const [one, two] = await Promise.all([startJobsRuntime(t, settings), startJobsRuntime(t, settings)]);
  const duplicates: string[] = [];
  const processed = new Map<string, number>();
  const create = (runtime: Runtime, name: string): StateMachine<Job> => {
    const db = runtime.get(Database);
    let owner = '';
    const work = async (job: Job, to: string) => {
      if (!(await recordCall(db, job, owner))) duplicates.push(`${job.id}/${job.state}/${job.stateCount + 1}`);
      processed.set(name, (processed.get(name) ?? 0) + 1);
      return to;
    };
    const machine = createJobMachine(t, runtime, {
      name,
      batchSize: 20,
      pollIntervalMs: 20,
      processors: {
        A: async (job, step) => step.transition(await work(job, 'B')),
        B: async (job, step) => step.transition(await work(job, 'C')),
        C: async (job, step) => step.transition(await work(job, 'DONE')),
      },
    });
    owner = machine.owner;
    return machine;
  };
  const db = one!.get(Database);
  const machines = [create(one!, 'one'), create(two!, 'two')];
  // Rows exist before either machine starts, so both sweepers compete for them from the start.
  await insertJobs(db, machines[0]!, ROWS, 'A');
  for (const machine of machines) machine.start();

  t.ok(await eventually(async () => (await jobStates(db)).DONE === ROWS, 60_000), `all ${ROWS} rows reach DONE`);
  t.same(duplicates, [], 'no attempt ran twice');
  const calls = await db.kysely().selectFrom('test_job_calls').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  t.equal(Number(calls.n), ROWS * 3, 'one call per row and state');
  t.ok((processed.get('one') ?? 0) > 0 && (processed.get('two') ?? 0) > 0, `both runtimes took work: ${JSON.stringify(Object.fromEntries(processed))}`);
  t.same(await jobStates(db), { DONE: ROWS });
});

t.test('throughput of a trivial processor on PostgreSQL, one runtime and two', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;
  const settings = { dialect: 'postgresql' as const, url };
  const rows = 2_000;
  const runtimes = await Promise.all([startJobsRuntime(t, settings), startJobsRuntime(t, settings)]);
  const db = runtimes[0]!.get(Database);
  const figures: Record<string, number> = {};
  for (const count of [1, 2]) {
    const machines = runtimes.slice(0, count).map((runtime, i) =>
      createJobMachine(t, runtime, {
        name: `bench-${count}-${i}`,
        batchSize: 50,
        pollIntervalMs: 20,
        processors: { PENDING: (_job, step) => step.transition('DONE') },
      }),
    );
    await db.kysely().deleteFrom('test_jobs').execute();
    await insertJobs(db, machines[0]!, rows, 'PENDING');
    const began = performance.now();
    for (const machine of machines) machine.start();
    t.ok(await eventually(async () => (await jobStates(db)).DONE === rows, 120_000, 5), `${count} runtime(s) processed ${rows} rows`);
    const seconds = (performance.now() - began) / 1000;
    figures[`${count === 1 ? 'one runtime' : 'two runtimes'}`] = Math.round(rows / seconds);
    await Promise.all(machines.map((machine) => machine.stop()));
  }
  t.comment(`state machine throughput, trivial processor, batchSize 50, ${rows} rows: ${JSON.stringify(figures)} rows/s`);
});
