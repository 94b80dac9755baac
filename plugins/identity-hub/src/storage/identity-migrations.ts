import type { MigrationDefinition } from '@tdss/sdk';
import { sql } from 'kysely';
import { DIDS_TABLE } from './did-record.ts';
import { KEY_PAIRS_TABLE } from './key-pair-record.ts';

export const identityMigrations: MigrationDefinition[] = [
  {
    name: '0001-create-dids-and-key-pairs',
    async up({ db, dialect }) {
      const timestamp = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
      await db.schema
        .createTable(DIDS_TABLE)
        .addColumn('did', 'varchar(2048)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('identity_hub_dids_tenant').on(DIDS_TABLE).column('tenant_id').execute();

      await db.schema
        .createTable(KEY_PAIRS_TABLE)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('key_id', 'varchar(128)', (c) => c.notNull())
        .addColumn('algorithm', 'varchar(16)', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('activated_at', timestamp)
        .addColumn('rotated_at', timestamp)
        .addColumn('revoked_at', timestamp)
        .addUniqueConstraint('identity_hub_key_pairs_key_id', ['tenant_id', 'key_id'])
        .execute();
      // At most one active key per participant, even when two rotations race on two replicas.
      await db.schema
        .createIndex('identity_hub_key_pairs_one_active')
        .on(KEY_PAIRS_TABLE)
        .column('tenant_id')
        .unique()
        .where(sql.ref('state'), '=', 'ACTIVATED')
        .execute();
    },
  },
];
