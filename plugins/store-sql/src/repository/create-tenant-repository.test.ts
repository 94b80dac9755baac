import { ProblemError, Database, type TenantRepository } from '@tdss/sdk';
import { type DialectSettings, forEachDialect, rejectionOf, startTestRuntime } from '@tdss/testing';
import t, { type Test } from 'tap';
import { createNotesPlugin, Note, Project } from '../fixtures/notes-plugin.ts';
import { storePlugins } from '../fixtures/store-plugins.ts';
import { MAX_LIMIT } from './page-options.ts';

interface Fixture {
  db: Database;
  a: TenantRepository<Note>;
  b: TenantRepository<Note>;
  /** Every row of the notes table, read with raw SQL past any repository. */
  rows(): Promise<Array<{ id: string; tenant_id: string; title: string; project_id: string | null }>>;
}

async function setup(t: Test, settings: DialectSettings): Promise<Fixture> {
  const runtime = await startTestRuntime(t, { plugins: storePlugins(settings, createNotesPlugin()) });
  const db = runtime.get(Database);
  const rows = () => db.kysely().selectFrom('test_notes').select(['id', 'tenant_id', 'title', 'project_id']).orderBy('id').execute();
  return { db, a: db.tenantRepository(Note, 'A'), b: db.tenantRepository(Note, 'B'), rows };
}

async function problem(t: Test, promise: Promise<unknown>, status: number, detail: string | RegExp): Promise<void> {
  const error = await rejectionOf(promise);
  t.ok(error instanceof ProblemError, 'rejects with a ProblemError', { found: error });
  t.equal((error as ProblemError).status, status);
  t.match((error as ProblemError).message, detail);
}

forEachDialect(t, 'a tenant repository creates, reads, updates and deletes its own rows', async (t, _dialect, settings) => {
  const { a, rows } = await setup(t, settings);
  const created = await a.create({ id: 'n1', title: 'first' });
  t.equal(created.tenantId, 'A');
  t.equal(created.rank, 0, 'defaults apply');
  t.equal((await a.getById('n1')).title, 'first');
  t.equal((await a.findOne({ title: 'first' }))?.id, 'n1');
  t.equal(await a.count(), 1);

  const updated = await a.update('n1', { title: 'renamed', rank: 3 });
  t.equal(updated.title, 'renamed');
  t.same(await rows(), [{ id: 'n1', tenant_id: 'A', title: 'renamed', project_id: null }]);

  t.equal(await a.delete('n1'), true);
  t.equal(await a.delete('n1'), false, 'a second delete finds nothing');
  await problem(t, a.getById('n1'), 404, 'TestNote "n1" does not exist');
  t.same(await rows(), []);
});

forEachDialect(t, 'find pages in a stable order and counts every match', async (t, _dialect, settings) => {
  const { a, b } = await setup(t, settings);
  for (const [i, rank] of [2, 1, 2, 1, 2, 1, 2].entries()) await a.create({ id: `n${i}`, title: `t${i}`, rank });
  await b.create({ id: 'b-only', title: 'b', rank: 1 });

  const pages = [];
  for (let offset = 0; offset < 7; offset += 3) pages.push(await a.find({}, { offset, limit: 3, orderBy: { rank: 'desc' } }));
  t.same(
    pages.map((p) => [p.total, p.offset, p.limit]),
    [
      [7, 0, 3],
      [7, 3, 3],
      [7, 6, 3],
    ],
  );
  t.same(
    pages.flatMap((p) => p.items.map((n) => n.id)),
    ['n0', 'n2', 'n4', 'n6', 'n1', 'n3', 'n5'],
    'equal ranks are ordered by primary key, so no row is skipped or repeated',
  );
  const filtered = await a.find({ rank: 1 });
  t.same([filtered.total, filtered.offset, filtered.limit], [3, 0, 50], 'defaults: offset 0, limit 50');
  t.equal((await a.find({}, { limit: 100_000 })).limit, MAX_LIMIT, 'the limit is capped');
  await problem(t, a.find({}, { offset: -1 }), 400, 'offset must be a whole number of 0 or more, found -1');
  await problem(t, a.find({}, { limit: 0 }), 400, 'limit must be a whole number of 1 or more, found 0');
  await problem(t, a.find({}, { orderBy: { nope: 'asc' } as never }), 400, 'cannot sort TestNote by "nope"');
  await problem(t, a.find({}, { orderBy: { rank: 'sideways' } as never }), 400, 'sort direction of "rank" must be asc or desc');
});

forEachDialect(t, 'tenant A cannot read, change or remove tenant B rows, whatever it passes', async (t, _dialect, settings) => {
  const { a, b, rows } = await setup(t, settings);
  await b.create({ id: 'b1', title: 'B one' });
  await b.create({ id: 'b2', title: 'B two' });
  await a.create({ id: 'a1', title: 'A one' });
  const before = await rows();

  t.equal(await a.findOne({ tenantId: 'B' }), null, 'a tenantId filter of its own');
  t.equal(await a.findOne({ id: 'b1' }), null, "B's primary key");
  t.equal(await a.findOne('b1' as never), null, "B's primary key as MikroORM shorthand");
  t.equal(await a.findOne({ $or: [{ id: 'b1' }, { id: 'b2' }] }), null, '$or with B ids');
  t.equal(await a.findOne({ $or: [{ tenantId: 'B' }, { tenantId: 'A' }] } as never).then((n) => n?.id), 'a1', '$or widening the tenant');
  t.equal(await a.findOne({ $not: { tenantId: 'A' } } as never), null, '$not of its own tenant');
  const found = await a.find({ $or: [{ tenantId: 'B' }, { id: { $in: ['b1', 'b2'] } }] } as never);
  t.same([found.items, found.total], [[], 0], 'find with $or');
  t.equal(await a.count({ tenantId: 'B' }), 0);
  t.equal(await a.count(), 1);

  const notFound = await rejectionOf<ProblemError>(a.getById('b1'));
  const missing = await rejectionOf<ProblemError>(a.getById('zz'));
  t.same(
    [notFound.status, notFound.type, notFound.title, notFound.message.replace('b1', 'ID')],
    [missing.status, missing.type, missing.title, missing.message.replace('zz', 'ID')],
    'another tenant\'s row and a missing row get the same answer',
  );
  await problem(t, a.update('b1', { title: 'pwned' }), 404, 'TestNote "b1" does not exist');
  t.equal(await a.delete('b1'), false);

  await a.update('a1', { tenantId: 'B', title: 'moved?' } as never);
  await a.update('a1', { id: 'b2' } as never);
  const created = await a.create({ id: 'a2', title: 'A two', tenantId: 'B' } as never);
  t.equal(created.tenantId, 'A');
  await problem(t, a.create({ id: 'b1', title: 'clash' }), 409, 'TestNote conflicts with an existing row');

  t.equal(await a.deleteAll(), 2);
  t.same(
    await rows(),
    before.filter((r) => r.tenant_id === 'B'),
    "B's rows are untouched; A's updates kept their tenant and id, and deleteAll took only A's",
  );
  t.equal(await b.count(), 2);
});

forEachDialect(t, 'relations point only at rows of the same tenant', async (t, _dialect, settings) => {
  const { db, a, rows } = await setup(t, settings);
  const projectsA = db.tenantRepository(Project, 'A');
  const projectsB = db.tenantRepository(Project, 'B');
  await projectsA.create({ id: 'pa', name: 'A project' });
  await projectsB.create({ id: 'pb', name: 'B project' });

  const note = await a.create({ id: 'n1', title: 'x', project: 'pa' });
  t.equal(note.project?.id, 'pa');
  await a.update('n1', { project: await projectsA.getById('pa') });
  t.equal((await rows())[0]?.project_id, 'pa', 'an entity of the same tenant is taken by its id');

  await problem(t, a.create({ id: 'n2', title: 'x', project: 'pb' }), 400, 'TestNote.project refers to TestProject "pb", which does not exist');
  await problem(t, a.update('n1', { project: 'pb' }), 400, 'refers to TestProject "pb"');
  await problem(
    t,
    a.create({ id: 'n3', title: 'x', project: { id: 'p-new', tenantId: 'B', name: 'planted' } } as never),
    400,
    'TestNote.project takes the id of a related row, not an object',
  );
  t.equal(await projectsB.count(), 1, 'no project was planted in tenant B');
  t.same(
    (await rows()).map((r) => [r.id, r.project_id]),
    [['n1', 'pa']],
  );
});

forEachDialect(t, 'a repository bound to a transaction commits and rolls back with it', async (t, _dialect, settings) => {
  const { db, rows } = await setup(t, settings);
  await db.transactional(async (em) => {
    await db.tenantRepository(Note, 'A', em).create({ id: 'kept', title: 'x' });
  });
  await t.rejects(
    db.transactional(async (em) => {
      await db.tenantRepository(Note, 'A', em).create({ id: 'dropped', title: 'x' });
      throw new Error('abort');
    }),
    { message: 'abort' },
  );
  t.same((await rows()).map((r) => r.id), ['kept']);
});

t.test('a tenant repository needs a tenant', async (t) => {
  const runtime = await startTestRuntime(t, { plugins: storePlugins({}, createNotesPlugin()) });
  const db = runtime.get(Database);
  t.throws(() => db.tenantRepository(Note, ''), { message: 'tenantId must be a non-empty string' });
});
