import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { ContractAgreementEntity } from './contract-agreement.ts';

/** Contribute it after the participant context schema: agreements belong to a participant context. */
export function contractAgreementSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [ContractAgreementEntity], migrations: [{ name: 'contract-agreement-0001-create-table', up: createAgreementTable }] };
}

async function createAgreementTable({ db, dialect }: MigrationContext): Promise<void> {
  const time = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
  await db.schema
    .createTable('cp_contract_agreement')
    .addColumn('pk', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(128)', (c) => c.notNull().references('cp_participant_context.id').onDelete('cascade'))
    .addColumn('id', 'varchar(512)', (c) => c.notNull())
    .addColumn('provider_id', 'varchar(1024)', (c) => c.notNull())
    .addColumn('consumer_id', 'varchar(1024)', (c) => c.notNull())
    .addColumn('asset_id', 'varchar(1024)', (c) => c.notNull())
    .addColumn('policy', dialect === 'postgresql' ? 'jsonb' : 'json', (c) => c.notNull())
    .addColumn('signed_at', time, (c) => c.notNull())
    // No foreign key: an operator may remove finished negotiations, and the agreement outlives them.
    .addColumn('negotiation_id', 'varchar(64)')
    .addColumn('created_at', time, (c) => c.notNull())
    // A consumer and a provider tenant of one runtime both hold the provider's agreement id.
    .addUniqueConstraint('cp_contract_agreement_tenant_id_id_unique', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('cp_contract_agreement_tenant_id_created_at').on('cp_contract_agreement').columns(['tenant_id', 'created_at']).execute();
}
