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
  metadata: { nested: { n: 1 } },
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
});
