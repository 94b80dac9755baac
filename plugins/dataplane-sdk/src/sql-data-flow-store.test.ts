import { Database, DatabaseSchemas, definePlugin } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { forEachDialect, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import { dataFlowStoreContract, sampleDataFlow } from './data-flow-store-contract.ts';
import { createMemoryDataFlowStore } from './data-flow-store.ts';
import { createSqlDataFlowStore, dataFlowStoreSchema } from './sql-data-flow-store.ts';

t.test('the memory store', async (t) => {
  await dataFlowStoreContract((name, body) => t.test(name, (t) => body(t, createMemoryDataFlowStore(), createMemoryDataFlowStore())));
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
  // Each case on data plane ids of its own: the table is shared, the cases see nothing of each other.
  let cases = 0;
  await dataFlowStoreContract((name, body) => {
    cases += 1;
    return t.test(name, (t) => body(t, createSqlDataFlowStore(db, `dp-${cases}-a`), createSqlDataFlowStore(db, `dp-${cases}-b`)));
  });

  t.test("a flow's lease goes with the flow row, so a tenant's purge leaves none", async (t) => {
    const store = createSqlDataFlowStore(db, 'dp-purge');
    await store.create(sampleDataFlow('f1'));
    t.equal(await store.leases!('replica-a', 60_000).acquire('f1'), true);
    await db().kysely().deleteFrom('dps_data_flow').where('participant_context_id', '=', 'tenant-a').where('data_plane_id', '=', 'dp-purge').execute();
    const leases = await db().kysely().selectFrom('dps_data_flow_lease').select('flow_id').where('data_plane_id', '=', 'dp-purge').execute();
    t.same(leases, []);
  });

  t.test('the participant context is a column, for its purge', async (t) => {
    await createSqlDataFlowStore(db, 'dp-tenant').create(sampleDataFlow('f1'));
    const row = await db().kysely().selectFrom('dps_data_flow').select(['participant_context_id']).where('data_plane_id', '=', 'dp-tenant').executeTakeFirst();
    t.equal(row?.participant_context_id, 'tenant-a');
  });
});
