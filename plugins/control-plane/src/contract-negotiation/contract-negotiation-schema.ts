import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { addStateMachineColumns, createStateMachineIndexes } from '@tdss/state-machine';
import { ContractNegotiationEntity } from './contract-negotiation.ts';

const NEGOTIATION_TABLE = 'cp_contract_negotiation';

/** Contribute it after the participant context schema: negotiations belong to a participant context. */
export function contractNegotiationSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [ContractNegotiationEntity], migrations: [{ name: 'contract-negotiation-0001-create-table', up: createNegotiationTable }] };
}

async function createNegotiationTable({ db, dialect }: MigrationContext): Promise<void> {
  const json = dialect === 'postgresql' ? 'jsonb' : 'json';
  await addStateMachineColumns(
    db.schema
      .createTable(NEGOTIATION_TABLE)
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      // Deleting a participant context deletes its negotiations with it.
      .addColumn('tenant_id', 'varchar(128)', (c) => c.notNull().references('cp_participant_context.id').onDelete('cascade'))
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('correlation_id', 'varchar(512)')
      .addColumn('counterparty_id', 'varchar(1024)', (c) => c.notNull())
      .addColumn('counterparty_address', 'varchar(2048)', (c) => c.notNull())
      .addColumn('asset_id', 'varchar(1024)', (c) => c.notNull())
      .addColumn('offer', json, (c) => c.notNull())
      .addColumn('protocol_state', 'varchar(16)')
      .addColumn('agreement_id', 'varchar(512)')
      .addColumn('agreement', json)
      .addColumn('error_detail', 'text')
      .addColumn('termination_reason', 'text')
      .addColumn('created_at', dialect === 'postgresql' ? 'timestamptz' : 'datetime', (c) => c.notNull())
      // A counterparty that repeats the message which began a negotiation (its answer was lost)
      // finds the one it began: one negotiation per counterparty process, even under races.
      .addUniqueConstraint('cp_contract_negotiation_correlation_unique', ['tenant_id', 'role', 'counterparty_id', 'correlation_id']),
    dialect,
  ).execute();
  await createStateMachineIndexes(db, NEGOTIATION_TABLE);
  await db.schema.createIndex('cp_contract_negotiation_tenant_id_created_at').on(NEGOTIATION_TABLE).columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('cp_contract_negotiation_agreement').on(NEGOTIATION_TABLE).columns(['tenant_id', 'agreement_id']).execute();
}
