/**
 * Data flows in the runtime's SQL database (PostgreSQL or SQLite), one table shared by every data
 * plane of the runtime, keyed by data plane id and flow id. Contribute `dataFlowStoreSchema` to
 * `DatabaseSchemas` in `register()` and create the store once the Database is up.
 *
 * Next to the flow (JSON) the row keeps what is searched for: when its outbox's next callback is
 * due (`callback_due`, ms since the epoch) and the participant context it serves (the start
 * message's `metadata.participantContextId`), so a tenant's purge finds its flows.
 * `dps_control_plane` keeps the control plane registrations of each data plane, and
 * `dps_data_flow_lease` the replica that runs each flow's work (see createFlowOwnership).
 */
import type { Database, DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { type Kysely, sql } from 'kysely';
import { callbackDueAt, type DataFlow } from './data-flow.ts';
import type { DataFlowLeases } from './data-flow-leases.ts';
import { type DataFlowStore, pageOf, statesOf } from './data-flow-store.ts';

const TABLE = 'dps_data_flow';
const CONTROL_PLANES = 'dps_control_plane';
const LEASES = 'dps_data_flow_lease';

/** Every data plane plugin contributes it; each step checks what is there already, whoever comes first. */
export function dataFlowStoreSchema(plugin: string): DatabaseSchema {
  return {
    plugin,
    entities: [],
    migrations: [
      { name: 'dps-data-flow-0001-create-table', up: createTable },
      { name: 'dps-data-flow-0002-outbox-tenant-control-planes', up: addOutboxTenantAndControlPlanes },
      { name: 'dps-data-flow-0003-state-index', up: addStateIndex },
      { name: 'dps-data-flow-0004-leases', up: createLeases },
    ],
  };
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

async function addOutboxTenantAndControlPlanes({ db, dialect }: MigrationContext): Promise<void> {
  const columns = (await db.introspection.getTables()).find((table) => table.name === TABLE)?.columns.map((column) => column.name) ?? [];
  if (!columns.includes('callback_due')) {
    await db.schema.alterTable(TABLE).addColumn('callback_due', 'bigint').execute();
    await db.schema.createIndex(`${TABLE}_callback_due`).ifNotExists().on(TABLE).columns(['data_plane_id', 'callback_due']).execute();
  }
  if (!columns.includes('participant_context_id')) {
    await db.schema.alterTable(TABLE).addColumn('participant_context_id', 'varchar(128)').execute();
    await db.schema.createIndex(`${TABLE}_participant`).ifNotExists().on(TABLE).column('participant_context_id').execute();
    // Flows written before the column: their participant context is in the start message's metadata.
    const tenant = dialect === 'postgresql' ? sql<string>`(flow::jsonb -> 'metadata' ->> 'participantContextId')` : sql<string>`json_extract(flow, '$.metadata.participantContextId')`;
    await db.updateTable(TABLE).set({ participant_context_id: tenant }).execute();
  }
  await db.schema
    .createTable(CONTROL_PLANES)
    .ifNotExists()
    .addColumn('data_plane_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('controlplane_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('endpoint', 'varchar(2048)', (c) => c.notNull())
    // ms since the epoch, and a sequence for registrations within one ms: the latest takes the callbacks.
    .addColumn('registered_at', 'bigint', (c) => c.notNull())
    // The registration's authorization object (JSON): the token callbacks carry. Protect the database accordingly.
    .addColumn('authorization', 'text')
    .addPrimaryKeyConstraint(`${CONTROL_PLANES}_pk`, ['data_plane_id', 'controlplane_id'])
    .execute();
}

/** `list` by state (a restarted data plane looks for its STARTED flows), in id order. */
async function addStateIndex({ db }: MigrationContext): Promise<void> {
  await db.schema.createIndex(`${TABLE}_state`).ifNotExists().on(TABLE).columns(['data_plane_id', 'state', 'id']).execute();
}

async function createLeases({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable(LEASES)
    .ifNotExists()
    .addColumn('data_plane_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('flow_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('owner', 'varchar(255)', (c) => c.notNull())
    // ms since the epoch, by the owner's clock.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${LEASES}_pk`, ['data_plane_id', 'flow_id'])
    // A lease dies with its flow, so a tenant's purge (which deletes the flows) leaves no lease behind.
    .addForeignKeyConstraint(`${LEASES}_flow_fk`, ['data_plane_id', 'flow_id'], TABLE, ['data_plane_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
}

interface Row {
  data_plane_id: string;
  id: string;
  version: number;
  state: string;
  flow: string;
  callback_due: number | string | null;
  participant_context_id: string | null;
}

interface ControlPlaneRow {
  data_plane_id: string;
  controlplane_id: string;
  endpoint: string;
  registered_at: number | string;
  authorization: string | null;
}

interface LeaseRow {
  data_plane_id: string;
  flow_id: string;
  owner: string;
  expires_at: number | string;
}

type Tables = { [TABLE]: Row; [CONTROL_PLANES]: ControlPlaneRow; [LEASES]: LeaseRow };

function sqlLeases(tables: () => Kysely<Tables>, dataPlaneId: string, owner: string, leaseMs: number): DataFlowLeases {
  const ofPlane = () => tables().deleteFrom(LEASES).where('data_plane_id', '=', dataPlaneId);
  return {
    owner,
    async acquire(flowId) {
      const now = Date.now();
      // Inserts a free lease, or takes one that expired or is ours; a live lease of another stays.
      const result = await tables()
        .insertInto(LEASES)
        .values({ data_plane_id: dataPlaneId, flow_id: flowId, owner, expires_at: now + leaseMs })
        .onConflict((conflict) =>
          conflict
            .columns(['data_plane_id', 'flow_id'])
            .doUpdateSet({ owner, expires_at: now + leaseMs })
            .where((eb) => eb.or([eb(`${LEASES}.owner`, '=', owner), eb(`${LEASES}.expires_at`, '<', now)])),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async renew(flowIds) {
      if (flowIds.length === 0) return new Set();
      const rows = await tables()
        .updateTable(LEASES)
        .set({ expires_at: Date.now() + leaseMs })
        .where('data_plane_id', '=', dataPlaneId)
        .where('owner', '=', owner)
        .where('flow_id', 'in', [...flowIds])
        .returning('flow_id')
        .execute();
      return new Set(rows.map((row) => row.flow_id));
    },
    async release(flowId) {
      await ofPlane().where('flow_id', '=', flowId).where('owner', '=', owner).execute();
    },
    async drop(flowId) {
      await ofPlane().where('flow_id', '=', flowId).execute();
    },
  };
}

export function createSqlDataFlowStore(db: () => Database, dataPlaneId: string): DataFlowStore {
  const tables = () => db().kysely() as Kysely<Tables>;
  const encode = (flow: DataFlow) => JSON.stringify(flow);
  const dueOf = (flow: DataFlow) => callbackDueAt(flow)?.getTime() ?? null;
  const decode = (row: Pick<Row, 'flow' | 'version'>): DataFlow => {
    const flow = JSON.parse(row.flow) as DataFlow;
    return { ...flow, version: Number(row.version), createdAt: new Date(flow.createdAt), updatedAt: new Date(flow.updatedAt) };
  };
  let lastRegistration = 0;
  return {
    leases: (owner, leaseMs) => sqlLeases(tables, dataPlaneId, owner, leaseMs),
    async get(id) {
      const row = await tables().selectFrom(TABLE).select(['flow', 'version']).where('data_plane_id', '=', dataPlaneId).where('id', '=', id).executeTakeFirst();
      return row ? decode(row) : undefined;
    },
    async create(flow) {
      const tenant = flow.metadata.participantContextId;
      const result = await tables()
        .insertInto(TABLE)
        .values({
          data_plane_id: dataPlaneId,
          id: flow.id,
          version: flow.version,
          state: flow.state,
          flow: encode(flow),
          callback_due: dueOf(flow),
          participant_context_id: typeof tenant === 'string' ? tenant : null,
        })
        .onConflict((oc) => oc.columns(['data_plane_id', 'id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async update(flow) {
      const next = { ...flow, version: flow.version + 1 };
      const result = await tables()
        .updateTable(TABLE)
        .set({ version: next.version, state: next.state, flow: encode(next), callback_due: dueOf(next) })
        .where('data_plane_id', '=', dataPlaneId)
        .where('id', '=', flow.id)
        .where('version', '=', flow.version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async list(query = {}) {
      const { offset, limit } = pageOf(query);
      const states = statesOf(query);
      if (states?.length === 0) return { items: [], total: 0, offset, limit };
      let matching = tables().selectFrom(TABLE).where('data_plane_id', '=', dataPlaneId);
      if (states) matching = matching.where('state', 'in', [...states]);
      const [rows, count] = await Promise.all([
        matching.select(['flow', 'version']).orderBy('id').limit(limit).offset(offset).execute(),
        matching.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(decode), total: Number(count.total), offset, limit };
    },
    async due(now, limit) {
      const rows = await tables()
        .selectFrom(TABLE)
        .select(['flow', 'version'])
        .where('data_plane_id', '=', dataPlaneId)
        .where('callback_due', '<=', now.getTime())
        .orderBy('callback_due')
        .limit(limit)
        .execute();
      return rows.map(decode);
    },
    controlPlanes: {
      async save(registration) {
        // Strictly rising within this process, so two registrations in one millisecond keep their order.
        lastRegistration = Math.max(Date.now(), lastRegistration + 1);
        const values = { endpoint: registration.endpoint, registered_at: lastRegistration, authorization: registration.authorization ? JSON.stringify(registration.authorization) : null };
        await tables()
          .insertInto(CONTROL_PLANES)
          .values({ data_plane_id: dataPlaneId, controlplane_id: registration.controlplaneId, ...values })
          .onConflict((oc) => oc.columns(['data_plane_id', 'controlplane_id']).doUpdateSet(values))
          .execute();
      },
      async delete(id) {
        const result = await tables().deleteFrom(CONTROL_PLANES).where('data_plane_id', '=', dataPlaneId).where('controlplane_id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      },
      async list() {
        const rows = await tables().selectFrom(CONTROL_PLANES).select(['controlplane_id', 'endpoint', 'authorization']).where('data_plane_id', '=', dataPlaneId).orderBy('registered_at').execute();
        return rows.map((row) => ({ controlplaneId: row.controlplane_id, endpoint: row.endpoint, ...(row.authorization ? { authorization: JSON.parse(row.authorization) as { type: string } } : {}) }));
      },
    },
  };
}
