import type { DatabaseSchema, MigrationContext } from '@tdss/sdk';
import { DataPlaneEntity } from './data-plane-record.ts';

const TABLE = 'cp_data_plane';

export function dataPlaneSchema(plugin: string): DatabaseSchema {
  return { plugin, entities: [DataPlaneEntity], migrations: [{ name: 'data-plane-0001-create-table', up: createDataPlaneTable }] };
}

async function createDataPlaneTable({ db, dialect }: MigrationContext): Promise<void> {
  const timestamp = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
  await db.schema
    .createTable(TABLE)
    .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
    // No foreign key: '' stands for every participant context.
    .addColumn('participant_context_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('endpoint', 'varchar(2048)', (c) => c.notNull())
    .addColumn('profiles', dialect === 'postgresql' ? 'jsonb' : 'json', (c) => c.notNull())
    .addColumn('labels', dialect === 'postgresql' ? 'jsonb' : 'json', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex(`${TABLE}_participant`).on(TABLE).columns(['participant_context_id', 'created_at']).execute();
}
