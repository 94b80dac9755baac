import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { PolicyDefinitionEntity } from './policy-definition.ts';

export function policyDefinitionSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [PolicyDefinitionEntity], migrations: [{ name: 'policy-definition-0001-create-table', up: createPolicyDefinitionTable }] };
}

async function createPolicyDefinitionTable({ db, dialect }: MigrationContext): Promise<void> {
  const json = dialect === 'postgresql' ? 'jsonb' : 'json';
  await db.schema
    .createTable('cp_policy_definition')
    .addColumn('pk', 'varchar(36)', (c) => c.primaryKey())
    // Deleting a participant context deletes its policy definitions (and, below, its contract definitions).
    .addColumn('tenant_id', 'varchar(128)', (c) => c.notNull().references('cp_participant_context.id').onDelete('cascade'))
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('policy', json, (c) => c.notNull())
    .addColumn('private_properties', json, (c) => c.notNull())
    .addColumn('created_at', dialect === 'postgresql' ? 'timestamptz' : 'datetime', (c) => c.notNull())
    // Contract definitions refer to (tenant_id, id): it is their foreign key's target.
    .addUniqueConstraint('cp_policy_definition_tenant_id_id_unique', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('cp_policy_definition_tenant_id_created_at').on('cp_policy_definition').columns(['tenant_id', 'created_at']).execute();
}
