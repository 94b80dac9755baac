import type { DatabaseSchema } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { TenantEntity } from './tenant.ts';

export function tenantSchema(): DatabaseSchema {
  return {
    plugin: PLUGIN_NAME,
    entities: [TenantEntity],
    migrations: [
      {
        name: '0001-tenants',
        async up({ db, dialect }) {
          const time = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
          await db.schema
            .createTable('tm_tenants')
            .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
            .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
            .addColumn('state', 'varchar(32)', (c) => c.notNull())
            .addColumn('settings', dialect === 'postgresql' ? 'jsonb' : 'json', (c) => c.notNull())
            .addColumn('did', 'varchar(1024)')
            .addColumn('orchestration_id', 'varchar(128)')
            .addColumn('error', 'text')
            .addColumn('created_at', time, (c) => c.notNull())
            .addColumn('updated_at', time, (c) => c.notNull())
            .execute();
          await db.schema.createIndex('tm_tenants_state').on('tm_tenants').column('state').execute();
        },
      },
    ],
  };
}
