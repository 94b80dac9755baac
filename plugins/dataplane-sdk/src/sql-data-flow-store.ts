/**
 * Data flows in the runtime's SQL database (PostgreSQL or SQLite), one table shared by every data
 * plane of the runtime, keyed by data plane id and flow id. Contribute `dataFlowStoreSchema` to
 * `DatabaseSchemas` in `register()` and create the store once the Database is up.
 */
import type { Database, DatabaseSchema, MigrationContext } from '@tdss/sdk';
import type { Kysely } from 'kysely';
import type { DataFlow } from './data-flow.ts';
import type { DataFlowStore } from './data-flow-store.ts';

const TABLE = 'dps_data_flow';

/** Every data plane plugin contributes it; the table is created once (if not exists) whoever comes first. */
export function dataFlowStoreSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [], migrations: [{ name: 'dps-data-flow-0001-create-table', up: createTable }] };
}

async function createTable({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('data_plane_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('state', 'varchar(32)', (c) => c.notNull())
    // The rest of the flow as JSON text: it is only ever read whole, by key.
    .addColumn('flow', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${TABLE}_pk`, ['data_plane_id', 'id'])
    .execute();
}

interface Row {
  data_plane_id: string;
  id: string;
  version: number;
  state: string;
  flow: string;
}

export function createSqlDataFlowStore(db: () => Database, dataPlaneId: string): DataFlowStore {
  const table = () => db().kysely() as Kysely<{ [TABLE]: Row }>;
  const encode = (flow: DataFlow) => JSON.stringify(flow);
  const decode = (row: Row): DataFlow => {
    const flow = JSON.parse(row.flow) as DataFlow;
    return { ...flow, version: Number(row.version), createdAt: new Date(flow.createdAt), updatedAt: new Date(flow.updatedAt) };
  };
  return {
    async get(id) {
      const row = await table().selectFrom(TABLE).selectAll().where('data_plane_id', '=', dataPlaneId).where('id', '=', id).executeTakeFirst();
      return row ? decode(row) : undefined;
    },
    async create(flow) {
      const result = await table()
        .insertInto(TABLE)
        .values({ data_plane_id: dataPlaneId, id: flow.id, version: flow.version, state: flow.state, flow: encode(flow) })
        .onConflict((oc) => oc.columns(['data_plane_id', 'id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async update(flow) {
      const next = { ...flow, version: flow.version + 1 };
      const result = await table()
        .updateTable(TABLE)
        .set({ version: next.version, state: next.state, flow: encode(next) })
        .where('data_plane_id', '=', dataPlaneId)
        .where('id', '=', flow.id)
        .where('version', '=', flow.version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
