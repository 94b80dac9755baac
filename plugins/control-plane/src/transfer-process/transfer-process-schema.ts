import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { addStateMachineColumns, createStateMachineIndexes } from '@tdss/state-machine';
import { TransferProcessEntity } from './transfer-process.ts';

const TABLE = 'cp_transfer_process';

export function transferProcessSchema(plugin: string): DatabaseSchema {
  return {
    plugin,
    entities: [TransferProcessEntity],
    migrations: [
      { name: 'transfer-process-0001-create-table', up: createTransferProcessTable },
      { name: 'transfer-process-0002-data-plane', up: addDataPlaneColumn },
    ],
  };
}

async function addDataPlaneColumn({ db }: MigrationContext): Promise<void> {
  await db.schema.alterTable(TABLE).addColumn('data_plane_id', 'varchar(255)').execute();
}

async function createTransferProcessTable({ db, dialect }: MigrationContext): Promise<void> {
  await addStateMachineColumns(
    db.schema
      .createTable(TABLE)
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      // Deleting a participant context deletes its transfers, as it does its assets.
      .addColumn('tenant_id', 'varchar(128)', (c) => c.notNull().references('cp_participant_context.id').onDelete('cascade'))
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('correlation_pid', 'varchar(255)')
      .addColumn('counterparty_id', 'varchar(1024)', (c) => c.notNull())
      .addColumn('counterparty_address', 'varchar(2048)', (c) => c.notNull())
      .addColumn('agreement_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('asset_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('transfer_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('data_address', dialect === 'postgresql' ? 'jsonb' : 'json')
      .addColumn('error_detail', 'text')
      .addColumn('created_at', dialect === 'postgresql' ? 'timestamptz' : 'datetime', (c) => c.notNull())
      // A counterparty's pid names one process of its counterparty: a repeated TransferRequestMessage
      // finds the process the first one created, also when both arrive at once.
      .addUniqueConstraint(`${TABLE}_counterparty_pid_unique`, ['tenant_id', 'role', 'counterparty_id', 'correlation_pid']),
    dialect,
  ).execute();
  await createStateMachineIndexes(db, TABLE);
  await db.schema.createIndex(`${TABLE}_tenant_created`).on(TABLE).columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex(`${TABLE}_tenant_agreement`).on(TABLE).columns(['tenant_id', 'agreement_id']).execute();
}
