import { Database, DatabaseSchemas, definePlugin } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { forEachDialect, startTestRuntime } from '@tdss/testing';
import t, { type Test } from 'tap';
import type { DataFlow } from './data-flow.ts';
import { createMemoryDataFlowStore, type DataFlowStore } from './data-flow-store.ts';
import { createSqlDataFlowStore, dataFlowStoreSchema } from './sql-data-flow-store.ts';

const flow = (id: string): DataFlow => ({
  id,
  role: 'PROVIDER',
  state: 'STARTED',
  profile: 'X-PULL',
  participantId: 'p',
  counterPartyId: 'c',
  dataspaceContext: 'ds',
  agreementId: 'a',
  datasetId: 'd',
  claims: { sub: 'c' },
  labels: ['gold'],
  metadata: { nested: { n: 1 }, participantContextId: 'tenant-a' },
  dataAddress: null,
  tokenGeneration: 1,
  lastMessageId: 'm1',
  lastResponse: { status: 200, body: { messageId: 'r1', dataFlowId: id, state: 'STARTED' } },
  reason: null,
  version: 0,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
});

async function behavesAsAStore(t: Test, store: DataFlowStore, other: DataFlowStore) {
  t.equal(await store.create(flow('f1')), true);
  t.equal(await store.create(flow('f1')), false, 'one flow per id');
  t.same(await store.get('f1'), flow('f1'), 'read back whole, dates included');
  t.equal(await store.get('missing'), undefined);
  const read = (await store.get('f1'))!;
  t.equal(await store.update({ ...read, state: 'SUSPENDED' }), true);
  t.equal(await store.update({ ...read, state: 'TERMINATED' }), false, 'a stale copy cannot overwrite a transition');
  t.match(await store.get('f1'), { state: 'SUSPENDED', version: 1 });
  t.equal(await other.get('f1'), undefined, 'another data plane does not see the flow');
  t.equal(await other.create(flow('f1')), true, 'and may have its own flow of that id');

  t.same(await store.due!(new Date(), 10), [], 'no callback is due');
  const moved = (await store.get('f1'))!;
  const callback = (id: string, dueAt: string) => ({ event: 'completed' as const, message: { messageId: id, dataFlowId: 'f1', state: 'COMPLETED' as const }, attempts: 0, dueAt });
  t.equal(await store.update({ ...moved, callbacks: [callback('late', '2999-01-01T00:00:00Z'), callback('early', '2026-01-01T00:00:00Z')] }), true);
  t.match(await store.due!(new Date(), 10), [{ id: 'f1', callbacks: [{ message: { messageId: 'late' } }, { message: { messageId: 'early' } }] }], 'a flow is due by its earliest callback');
  t.same(await store.due!(new Date('2025-12-31T00:00:00Z'), 10), [], 'not before it');
  t.same(await other.due!(new Date(), 10), [], 'another data plane\'s outbox is its own');
  const emptied = (await store.get('f1'))!;
  t.equal(await store.update({ ...emptied, callbacks: [] }), true);
  t.same(await store.due!(new Date(), 10), [], 'an empty outbox is never due');

  const registrations = store.controlPlanes!;
  await registrations.save({ controlplaneId: 'one', endpoint: 'http://one.example/signaling' });
  await registrations.save({ controlplaneId: 'two', endpoint: 'http://two.example/signaling' });
  const authorization = { type: 'bearer', token: 'callback-token' };
  await registrations.save({ controlplaneId: 'one', endpoint: 'http://one.example/v2', authorization });
  t.same(
    await registrations.list(),
    [{ controlplaneId: 'two', endpoint: 'http://two.example/signaling' }, { controlplaneId: 'one', endpoint: 'http://one.example/v2', authorization: { type: 'bearer', token: 'callback-token' } }],
    'registering again replaces (with its authorization) and makes it the latest',
  );
  t.same(await other.controlPlanes!.list(), [], 'registrations are per data plane');
  t.equal(await registrations.delete('two'), true);
  t.equal(await registrations.delete('two'), false);
}

t.test('the memory store', async (t) => {
  const a = createMemoryDataFlowStore();
  await behavesAsAStore(t, a, createMemoryDataFlowStore());
});

await forEachDialect(t, 'the SQL store', async (t, _dialect, settings) => {
  const schemas = definePlugin({
    name: 'dps-store-test',
    version: '1.0.0',
    requires: [Database],
    contributes: [DatabaseSchemas],
    // Two plugins contributing the table: the second migration finds it there.
    register: (ctx) => {
      ctx.contribute(DatabaseSchemas, dataFlowStoreSchema('dps-store-test'));
      ctx.contribute(DatabaseSchemas, dataFlowStoreSchema('dps-store-test-2'));
    },
  });
  const runtime = await startTestRuntime(t, { plugins: [{ plugin: storeSql, settings }, { plugin: schemas }] });
  const db = () => runtime.get(Database);
  await behavesAsAStore(t, createSqlDataFlowStore(db, 'dp-a'), createSqlDataFlowStore(db, 'dp-b'));
  const row = await db().kysely().selectFrom('dps_data_flow').select(['participant_context_id']).where('data_plane_id', '=', 'dp-a').executeTakeFirst();
  t.equal(row?.participant_context_id, 'tenant-a', 'the participant context is a column, for its purge');
});
