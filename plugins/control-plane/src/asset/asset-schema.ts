import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { AssetEntity } from './asset.ts';

export function assetSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [AssetEntity], migrations: [{ name: 'asset-0001-create-table', up: createAssetTable }] };
}

async function createAssetTable({ db, dialect }: MigrationContext): Promise<void> {
  const json = dialect === 'postgresql' ? 'jsonb' : 'json';
  await db.schema
    .createTable('cp_asset')
    .addColumn('pk', 'varchar(36)', (c) => c.primaryKey())
    // Deleting a participant context deletes its assets: a context created later with the same id starts empty.
    .addColumn('tenant_id', 'varchar(128)', (c) => c.notNull().references('cp_participant_context.id').onDelete('cascade'))
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('properties', json, (c) => c.notNull())
    .addColumn('private_properties', json, (c) => c.notNull())
    .addColumn('data_address', json, (c) => c.notNull())
    .addColumn('created_at', dialect === 'postgresql' ? 'timestamptz' : 'datetime', (c) => c.notNull())
    .addUniqueConstraint('cp_asset_tenant_id_id_unique', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('cp_asset_tenant_id_created_at').on('cp_asset').columns(['tenant_id', 'created_at']).execute();
}
