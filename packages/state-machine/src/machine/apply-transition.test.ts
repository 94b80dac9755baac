import { Database } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { eventually, insertJobs, Job, startJobMachine, startJobsRuntime } from '../fixtures/jobs-plugin.ts';

async function load(db: Database, id: string): Promise<Job> {
  return (await db.em().findOneOrFail(Job, { id })) as Job;
}

forEachDialect(t, 'an input is applied from an allowed state, is a duplicate in the target state, and is refused out of order', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 60_000,
    processors: { VERIFYING: (_job, step) => step.transition('FINALIZED', { title: 'verified' }) },
  });
  const [id] = await insertJobs(db, machine, 1, 'REQUESTED');
  const agree = { id: id!, tenantId: 'T1', from: ['REQUESTED'], to: 'AGREED', changes: { title: 'agreed' } };

  const applied = await db.transactional((em) => machine.apply(em, agree));
  t.match(applied, { result: 'applied', due: false, row: { state: 'AGREED', title: 'agreed', version: 2, stateCount: 0 } });
  const version = (await load(db, id!)).version;

  const duplicate = await db.transactional((em) => machine.apply(em, agree));
  t.match(duplicate, { result: 'duplicate', row: { state: 'AGREED' } }, 'the same message again');
  t.equal((await load(db, id!)).version, version, 'a duplicate writes nothing');

  const outOfOrder = await db.transactional((em) =>
    machine.apply(em, { id: id!, tenantId: 'T1', from: ['VERIFIED'], to: 'FINALIZED', changes: { title: 'too early' } }),
  );
  t.match(outOfOrder, { result: 'refused', state: 'AGREED' }, 'refused with the current state');
  const after = await load(db, id!);
  t.equal(after.version, version, 'a refused input writes nothing');
  t.equal(after.title, 'agreed', 'not even its changes');

  t.same(await db.transactional((em) => machine.apply(em, { ...agree, tenantId: 'T2' })), { result: 'not-found' }, "another tenant's row is not found");
  t.same(await db.transactional((em) => machine.apply(em, { ...agree, id: 'nope' })), { result: 'not-found' });

  const verify = await db.transactional((em) => machine.apply(em, { id: id!, tenantId: 'T1', from: ['AGREED'], to: 'VERIFYING' }));
  t.match(verify, { result: 'applied', due: true }, 'a state with a processor is due');
  t.equal(await machine.kick(id!), true, 'and the kick after commit runs it');
  t.equal((await load(db, id!)).state, 'FINALIZED');
});

forEachDialect(t, "an input's transition commits and rolls back with the caller's transaction", async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const machine = startJobMachine(t, runtime, { pollIntervalMs: 60_000, processors: {} });
  const [id] = await insertJobs(db, machine, 1, 'REQUESTED');
  await t.rejects(
    db.transactional(async (em) => {
      const result = await machine.apply(em, { id: id!, tenantId: 'T1', from: ['REQUESTED'], to: 'AGREED' });
      t.equal(result.result, 'applied', 'visible inside the transaction');
      em.create(Job, { id: 'other', tenantId: 'T1', title: 'written with it', ...machine.initial('REQUESTED') });
      await em.flush();
      throw new Error('the answer could not be sent');
    }),
    { message: 'the answer could not be sent' },
  );
  const row = await load(db, id!);
  t.equal(row.state, 'REQUESTED', 'the transition rolled back');
  t.equal(row.version, 1);
  t.equal(await db.em().count(Job, { id: 'other' }), 0, 'with the other writes of the transaction');
  await t.rejects(
    machine.apply(db.em(), { id: id!, tenantId: 'T1', from: ['REQUESTED'], to: 'AGREED', changes: { state: 'X' } as never }),
    { message: /a transition cannot set state/ },
  );
});

forEachDialect(t, 'an input moves a row on while a processor holds it, and the processor outcome is refused', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let inside = false;
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 60_000,
    processors: {
      REQUESTING: async (_job, step) => {
        inside = true;
        await gate;
        return step.transition('REQUESTED');
      },
    },
  });
  const [id] = await insertJobs(db, machine, 1, 'REQUESTING');
  const run = machine.kick(id!);
  t.ok(await eventually(async () => inside));
  // The peer answered before the request's own transition was written.
  const result = await db.transactional((em) => machine.apply(em, { id: id!, tenantId: 'T1', from: ['REQUESTING', 'REQUESTED'], to: 'AGREED' }));
  t.equal(result.result, 'applied');
  const agreed = await load(db, id!);
  t.equal(agreed.leaseOwner, null, 'the lease is broken');
  release();
  await run;
  const after = await load(db, id!);
  t.equal(after.state, 'AGREED', 'the late REQUESTED did not overwrite AGREED');
  t.equal(after.version, agreed.version);
});

forEachDialect(t, 'an input applied with claim leases the row in the same statement, and run() processes it without a claim of its own', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const machine = startJobMachine(t, runtime, {
    pollIntervalMs: 60_000,
    processors: { VERIFYING: (_job, step) => step.transition('FINALIZED', { title: 'verified' }) },
  });
  const [id, waiting] = await insertJobs(db, machine, 2, 'AGREED');
  const result = await db.transactional((em) => machine.apply(em, { id: id!, tenantId: 'T1', from: ['AGREED'], to: 'VERIFYING', claim: true }));
  if (result.result !== 'applied' || !result.claim) {
    t.fail(`expected an applied transition with a claim: ${JSON.stringify(result)}`);
    return;
  }
  t.match(result.row, { state: 'VERIFYING', leaseOwner: machine.owner, version: 2 }, 'the row as written, leased to this instance');
  t.equal(result.claim.version, 2);
  t.equal(await machine.kick(id!), false, 'a kick meanwhile finds the row leased');
  await machine.run(result.claim);
  t.match(await load(db, id!), { state: 'FINALIZED', title: 'verified', leaseOwner: null, version: 3 }, 'processed once: claim and outcome are two writes');

  const unclaimed = await db.transactional((em) => machine.apply(em, { id: waiting!, tenantId: 'T1', from: ['AGREED'], to: 'REJECTED', claim: true }));
  t.match(unclaimed, { result: 'applied', due: false, row: { leaseOwner: null } }, 'a state without a processor is not claimed');
  t.notOk('claim' in unclaimed);
});

forEachDialect(t, 'an input applied at the version it was judged on re-enters the state the row is in, and a row that moved is refused', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const machine = startJobMachine(t, runtime, { pollIntervalMs: 60_000, processors: {} });
  const [id] = await insertJobs(db, machine, 1, 'REQUESTED');
  const judged = await load(db, id!);
  const again = { id: id!, tenantId: 'T1', from: ['REQUESTED'], to: 'REQUESTED', changes: { title: 'again' } };
  t.match(await db.transactional((em) => machine.apply(em, again)), { result: 'duplicate' }, 'without a version, a row in the target is a repeat');

  const reentered = await db.transactional((em) => machine.apply(em, { ...again, version: judged.version }));
  t.match(reentered, { result: 'applied', row: { state: 'REQUESTED', title: 'again', version: judged.version + 1, stateCount: 0 } }, 'written');

  const stale = await db.transactional((em) => machine.apply(em, { ...again, changes: { title: 'stale' }, version: judged.version }));
  t.match(stale, { result: 'refused', state: 'REQUESTED', row: { version: judged.version + 1, title: 'again' } }, 'the row changed since it was judged');
  t.equal((await load(db, id!)).title, 'again', 'nothing written');
});
