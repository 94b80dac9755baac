import type { MigrationDefinition } from '@tdss/sdk';
import { sql } from 'kysely';
import { CREDENTIAL_OFFERS_TABLE } from './credential-offer-record.ts';
import { CREDENTIALS_TABLE } from './credential-record.ts';
import { DIDS_TABLE } from './did-record.ts';
import { KEY_PAIRS_TABLE } from './key-pair-record.ts';
import { USED_TOKEN_IDS_TABLE } from './used-token-id-record.ts';

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
  {
    name: '0002-create-credentials-and-used-token-ids',
    async up({ db, dialect }) {
      const timestamp = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
      await db.schema
        .createTable(CREDENTIALS_TABLE)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('credential_id', 'varchar(2048)')
        .addColumn('format', 'varchar(32)', (c) => c.notNull())
        .addColumn('types', 'text', (c) => c.notNull())
        .addColumn('issuer', 'varchar(2048)', (c) => c.notNull())
        .addColumn('subject_id', 'varchar(2048)', (c) => c.notNull())
        .addColumn('valid_from', timestamp)
        .addColumn('valid_until', timestamp)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('raw', 'text', (c) => c.notNull())
        .addColumn('issuer_pid', 'varchar(255)')
        .addColumn('holder_pid', 'varchar(255)')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        // Several credentials without an id are fine: NULLs never collide.
        .addUniqueConstraint('identity_hub_credentials_credential_id', ['tenant_id', 'credential_id'])
        .execute();
      await db.schema.createIndex('identity_hub_credentials_tenant').on(CREDENTIALS_TABLE).columns(['tenant_id', 'created_at']).execute();

      await db.schema
        .createTable(USED_TOKEN_IDS_TABLE)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('expires_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('identity_hub_used_token_ids_expiry').on(USED_TOKEN_IDS_TABLE).column('expires_at').execute();
    },
  },
  {
    name: '0003-create-credential-offers',
    async up({ db, dialect }) {
      const timestamp = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
      await db.schema
        .createTable(CREDENTIAL_OFFERS_TABLE)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('issuer', 'varchar(2048)', (c) => c.notNull())
        .addColumn('credentials', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('identity_hub_credential_offers_tenant').on(CREDENTIAL_OFFERS_TABLE).columns(['tenant_id', 'created_at']).execute();
    },
  },
];
