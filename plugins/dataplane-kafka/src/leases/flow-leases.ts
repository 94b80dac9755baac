/**
 * One owner per flow among the replicas of a data plane that share a database: a lease per flow
 * (owner, expiry). A replica relays a flow only while it holds its lease, renews it while relaying,
 * and takes over a lease whose owner let it expire (a dead or stuck replica). Taking and renewing
 * are single conditional statements, so two replicas never both succeed. Expiry is compared with
 * each replica's own clock: clocks must agree to well within the lease time.
 */
import type { Database, DatabaseSchema, MigrationContext } from '@tdss/sdk';
import type { Kysely } from 'kysely';

export const FLOW_LEASE_TABLE = 'dataplane_kafka_flow_lease';
const TABLE = FLOW_LEASE_TABLE;

export interface LeaseTable {
  [TABLE]: { data_plane_id: string; flow_id: string; owner: string; expires_at: number };
}

export interface FlowLeases {
  /** This replica's owner id. */
  readonly owner: string;
  /** Takes the flow's lease if it is free, expired or already ours; whether we hold it now. */
  acquire(flowId: string): Promise<boolean>;
  /** The flows of `flowIds` whose lease we still hold, extended; the others were taken over. */
  renew(flowIds: readonly string[]): Promise<Set<string>>;
  /** The flows of `flowIds` whose lease another replica holds and has not let expire. */
  heldByOthers(flowIds: readonly string[]): Promise<Set<string>>;
  /** Gives the lease up, so another replica takes the flow at once. */
  release(flowId: string): Promise<void>;
}

export function flowLeaseSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [], migrations: [{ name: 'flow-lease-0001-create-table', up: createTable }] };
}

async function createTable({ db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('data_plane_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('flow_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('owner', 'varchar(255)', (c) => c.notNull())
    // Milliseconds since the epoch.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${TABLE}_pk`, ['data_plane_id', 'flow_id'])
    .execute();
}

export function createFlowLeases(database: () => Database, dataPlaneId: string, owner: string, leaseMs: number): FlowLeases {
  const db = () => database().kysely() as Kysely<LeaseTable>;
  return {
    owner,
    async acquire(flowId) {
      const now = Date.now();
      // Inserts a free lease, or takes one that expired or is ours; a live lease of another stays.
      const result = await db()
        .insertInto(TABLE)
        .values({ data_plane_id: dataPlaneId, flow_id: flowId, owner, expires_at: now + leaseMs })
        .onConflict((conflict) =>
          conflict
            .columns(['data_plane_id', 'flow_id'])
            .doUpdateSet({ owner, expires_at: now + leaseMs })
            .where((eb) => eb.or([eb(`${TABLE}.owner`, '=', owner), eb(`${TABLE}.expires_at`, '<', now)])),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async renew(flowIds) {
      if (flowIds.length === 0) return new Set();
      const rows = await db()
        .updateTable(TABLE)
        .set({ expires_at: Date.now() + leaseMs })
        .where('data_plane_id', '=', dataPlaneId)
        .where('owner', '=', owner)
        .where('flow_id', 'in', flowIds)
        .returning('flow_id')
        .execute();
      return new Set(rows.map((row) => row.flow_id));
    },
    async heldByOthers(flowIds) {
      const held = new Set<string>();
      // Bounded IN lists: a data plane may have thousands of started flows.
      for (let i = 0; i < flowIds.length; i += 500) {
        const rows = await db()
          .selectFrom(TABLE)
          .select('flow_id')
          .where('data_plane_id', '=', dataPlaneId)
          .where('owner', '<>', owner)
          .where('expires_at', '>=', Date.now())
          .where('flow_id', 'in', flowIds.slice(i, i + 500))
          .execute();
        for (const row of rows) held.add(row.flow_id);
      }
      return held;
    },
    async release(flowId) {
      await db().deleteFrom(TABLE).where('data_plane_id', '=', dataPlaneId).where('flow_id', '=', flowId).where('owner', '=', owner).execute();
    },
  };
}
