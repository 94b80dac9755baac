/**
 * The ids of a data plane's STARTED flows in the SQL flow store, so that relays run again after a
 * restart. @tdss/dataplane-sdk's DataFlowStore has no query by state yet; this reads its table
 * (`dps_data_flow`: data_plane_id, id, state) until it does.
 */
import type { Database } from '@tdss/sdk';
import type { Kysely } from 'kysely';

interface FlowTable {
  dps_data_flow: { data_plane_id: string; id: string; state: string };
}

export async function startedFlowIds(db: Database, dataPlaneId: string): Promise<string[]> {
  const rows = await (db.kysely() as Kysely<FlowTable>)
    .selectFrom('dps_data_flow')
    .select('id')
    .where('data_plane_id', '=', dataPlaneId)
    .where('state', '=', 'STARTED')
    .execute();
  return rows.map((row) => row.id);
}
