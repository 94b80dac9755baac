import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { ContractDefinitionEntity } from './contract-definition.ts';

/** Contribute it after the policy definition schema: its foreign keys point there. */
export function contractDefinitionSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [ContractDefinitionEntity], migrations: [{ name: 'contract-definition-0001-create-table', up: createContractDefinitionTable }] };
}

async function createContractDefinitionTable({ db, dialect }: MigrationContext): Promise<void> {
  const json = dialect === 'postgresql' ? 'jsonb' : 'json';
  await db.schema
    .createTable('cp_contract_definition')
    .addColumn('pk', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(128)', (c) => c.notNull().references('cp_participant_context.id').onDelete('cascade'))
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('access_policy_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('contract_policy_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('assets_selector', json, (c) => c.notNull())
    .addColumn('private_properties', json, (c) => c.notNull())
    .addColumn('created_at', dialect === 'postgresql' ? 'timestamptz' : 'datetime', (c) => c.notNull())
    .addUniqueConstraint('cp_contract_definition_tenant_id_id_unique', ['tenant_id', 'id'])
    // The service checks both references first and answers 400/409 naming them; the keys also hold
    // under concurrent requests, and since they include tenant_id a definition can only ever name
    // a policy of its own participant context.
    .addForeignKeyConstraint('cp_contract_definition_access_policy_fk', ['tenant_id', 'access_policy_id'], 'cp_policy_definition', ['tenant_id', 'id'])
    .addForeignKeyConstraint('cp_contract_definition_contract_policy_fk', ['tenant_id', 'contract_policy_id'], 'cp_policy_definition', ['tenant_id', 'id'])
    .execute();
  // The foreign keys and the reference check on policy deletion look rows up by these.
  await db.schema.createIndex('cp_contract_definition_access_policy').on('cp_contract_definition').columns(['tenant_id', 'access_policy_id']).execute();
  await db.schema.createIndex('cp_contract_definition_contract_policy').on('cp_contract_definition').columns(['tenant_id', 'contract_policy_id']).execute();
  await db.schema.createIndex('cp_contract_definition_tenant_id_created_at').on('cp_contract_definition').columns(['tenant_id', 'created_at']).execute();
}
