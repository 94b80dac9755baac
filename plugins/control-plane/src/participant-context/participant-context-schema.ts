import type { DatabaseSchema } from '@tdss/sdk';
import { ParticipantContextEntity } from './participant-context.ts';

export function participantContextSchema(plugin: string): DatabaseSchema {
  return {
    plugin,
    entities: [ParticipantContextEntity],
    migrations: [
      {
        name: '0001-participant-context',
        async up({ db, dialect }) {
          await db.schema
            .createTable('cp_participant_context')
            .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
            .addColumn('participant_id', 'varchar(1024)', (c) => c.notNull())
            .addColumn('state', 'varchar(32)', (c) => c.notNull())
            .addColumn('properties', dialect === 'postgresql' ? 'jsonb' : 'json', (c) => c.notNull())
            .addColumn('created_at', 'timestamp', (c) => c.notNull())
            .addColumn('updated_at', 'timestamp', (c) => c.notNull())
            .execute();
          await db.schema.createIndex('cp_participant_context_participant_id').on('cp_participant_context').column('participant_id').execute();
        },
      },
    ],
  };
}
