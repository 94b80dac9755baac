/**
 * This plugin's own migrations. The flow leases moved to the data plane SDK's `dps_data_flow_lease`
 * (whose rows go with their flow): the table this plugin kept them in before is dropped. A replica
 * still on the old code while another runs the new one would not see the other's leases: upgrade
 * the replicas together.
 */
import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';

export function kafkaSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [], migrations: [{ name: 'flow-lease-0002-drop-table', up: dropLeaseTable }] };
}

async function dropLeaseTable({ db }: MigrationContext): Promise<void> {
  await db.schema.dropTable('dataplane_kafka_flow_lease').ifExists().execute();
}
