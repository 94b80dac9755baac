import { defineEntity, p } from '@mikro-orm/core';
import { Database } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { Job, JobNote, startJobsRuntime } from '../fixtures/jobs-plugin.ts';
import { createStateMachine } from './create-state-machine.ts';
import { resolveMachineTable } from './machine-table.ts';

forEachDialect(t, 'a machine refuses an entity without the engine properties, or one the database does not know', async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const base = { name: 'broken', db: runtime.get(Database), logger: runtime.logger, processors: {} };
  const Bare = defineEntity({ name: 'TestBare', tableName: 'test_bare', properties: { id: p.string().primary(), tenantId: p.string() } });
  t.throws(() => createStateMachine({ ...base, entity: Bare as never }), { code: 'STATE_MACHINE_ENTITY', message: /database does not know/ });
  t.throws(() => createStateMachine({ ...base, entity: JobNote as never }), {
    code: 'STATE_MACHINE_ENTITY',
    message: /entity TestJobNote lacks state, stateCount, stateTimestamp, nextAttemptAt, leaseOwner, leaseExpiresAt, version/,
  });
});

forEachDialect(t, "a row read without the ORM has the properties the ORM hydrates, and writes back as the ORM's columns", async (t, _dialect, settings) => {
  const runtime = await startJobsRuntime(t, settings);
  const db = runtime.get(Database);
  const machine = createStateMachine({ name: 'mapped', db, entity: Job, logger: runtime.logger, processors: {} });
  await machine.insert(db.em(), { id: 'j1', tenantId: 't', title: 'mapped' }, 'WAITING');
  const table = resolveMachineTable(db, Job, 'mapped');
  const raw = await db.kysely().selectFrom('test_jobs').selectAll().where('id', '=', 'j1').executeTakeFirstOrThrow();
  const byOrm = await db.em().findOneOrFail(Job, { id: 'j1' });
  t.same(table.fromColumns(raw), { ...byOrm });
  t.ok((table.fromColumns(raw)!.stateTimestamp as Date) instanceof Date);
  t.same(await machine.find({ id: 'j1', tenantId: 't' }), { ...byOrm });
  t.equal(await machine.find({ id: 'j1', tenantId: 'another tenant' }), null);
  await db.kysely().updateTable('test_jobs').set(table.toColumns({ stateTimestamp: new Date(1_000), nextAttemptAt: null, version: 7 })).where('id', '=', 'j1').execute();
  t.match(await db.em().findOneOrFail(Job, { id: 'j1' }), { stateTimestamp: new Date(1_000), nextAttemptAt: null, version: 7 });
  t.throws(() => table.toColumns({ nothing: 1 }), /TestJob has no property nothing/);
});
