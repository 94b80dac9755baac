/**
 * The STARTED flows of a data plane in the SQL flow store that no other replica holds: no lease,
 * an expired one, or this replica's own. @tdss/dataplane-sdk's DataFlowStore has no query by state
 * yet; this reads its table (`dps_data_flow`: data_plane_id, id, state) until it does.
 */
import type { Database } from '@tdss/sdk';
import type { Kysely } from 'kysely';
import { FLOW_LEASE_TABLE, type LeaseTable } from '../leases/flow-leases.ts';

interface FlowTables extends LeaseTable {
  dps_data_flow: { data_plane_id: string; id: string; state: string };
}

export async function claimableFlowIds(db: Database, dataPlaneId: string, owner: string): Promise<string[]> {
  const now = Date.now();
  const rows = await (db.kysely() as Kysely<FlowTables>)
    .selectFrom('dps_data_flow as flow')
    .leftJoin(`${FLOW_LEASE_TABLE} as lease`, (join) => join.onRef('lease.data_plane_id', '=', 'flow.data_plane_id').onRef('lease.flow_id', '=', 'flow.id'))
    .select('flow.id')
    .where('flow.data_plane_id', '=', dataPlaneId)
    .where('flow.state', '=', 'STARTED')
    .where((eb) => eb.or([eb('lease.flow_id', 'is', null), eb('lease.expires_at', '<', now), eb('lease.owner', '=', owner)]))
    .execute();
  return rows.map((row) => row.id);
}
