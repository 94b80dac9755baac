import type { MigrationDefinition } from '@tdss/sdk';
import { addStateMachineColumns, createStateMachineIndexes } from '@tdss/state-machine';
import { CREDENTIAL_DEFINITIONS_TABLE } from './credential-definition-record.ts';
import { ISSUANCE_REQUESTS_TABLE } from './issuance-request-record.ts';
import { ISSUED_CREDENTIALS_TABLE } from './issued-credential-record.ts';
import { STATUS_LISTS_TABLE } from './status-list-record.ts';

/** The issuer's tables; the names keep them apart from the identity hub's own migrations. */
export const issuerMigrations: MigrationDefinition[] = [
  {
    name: 'issuer-0001-create-definitions-requests-credentials-status-lists',
    async up({ db, dialect }) {
      const timestamp = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
      await db.schema
        .createTable(CREDENTIAL_DEFINITIONS_TABLE)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('credential_type', 'varchar(256)', (c) => c.notNull())
        .addColumn('format', 'varchar(32)', (c) => c.notNull())
        .addColumn('validity_seconds', 'integer', (c) => c.notNull())
        .addColumn('claims', 'text', (c) => c.notNull())
        .addColumn('attestations', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addUniqueConstraint('identity_hub_issuer_definitions_type', ['tenant_id', 'credential_type', 'format'])
        .execute();

      await addStateMachineColumns(
        db.schema
          .createTable(ISSUANCE_REQUESTS_TABLE)
          .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
          .addColumn('holder_did', 'varchar(2048)', (c) => c.notNull())
          .addColumn('holder_pid', 'varchar(255)', (c) => c.notNull())
          .addColumn('definition_ids', 'text', (c) => c.notNull())
          .addColumn('rejection_reason', 'text')
          .addColumn('error_detail', 'text')
          .addColumn('has_access_token', 'boolean', (c) => c.notNull().defaultTo(false))
          .addColumn('created_at', timestamp, (c) => c.notNull())
          // A holder's repeated request finds the first one.
          .addUniqueConstraint('identity_hub_issuer_requests_holder_pid', ['tenant_id', 'holder_did', 'holder_pid']),
        dialect,
      ).execute();
      await createStateMachineIndexes(db, ISSUANCE_REQUESTS_TABLE);
      await db.schema.createIndex('identity_hub_issuer_requests_tenant').on(ISSUANCE_REQUESTS_TABLE).columns(['tenant_id', 'created_at']).execute();

      await db.schema
        .createTable(STATUS_LISTS_TABLE)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('identity_hub_issuer_status_lists_tenant').on(STATUS_LISTS_TABLE).columns(['tenant_id', 'created_at']).execute();

      await db.schema
        .createTable(ISSUED_CREDENTIALS_TABLE)
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('definition_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('credential_id', 'varchar(128)', (c) => c.notNull())
        .addColumn('credential_type', 'varchar(256)', (c) => c.notNull())
        .addColumn('format', 'varchar(32)', (c) => c.notNull())
        .addColumn('holder_did', 'varchar(2048)', (c) => c.notNull())
        .addColumn('claims', 'text', (c) => c.notNull())
        .addColumn('status_list_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('status_list_index', 'integer', (c) => c.notNull())
        .addColumn('valid_from', timestamp, (c) => c.notNull())
        .addColumn('valid_until', timestamp, (c) => c.notNull())
        .addColumn('revoked_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        // An issuance that runs again finds the credential it made.
        .addUniqueConstraint('identity_hub_issuer_credentials_request', ['request_id', 'definition_id'])
        // One bit per credential: a random index that is taken is drawn again.
        .addUniqueConstraint('identity_hub_issuer_credentials_status', ['status_list_id', 'status_list_index'])
        .execute();
      await db.schema.createIndex('identity_hub_issuer_credentials_tenant').on(ISSUED_CREDENTIALS_TABLE).columns(['tenant_id', 'created_at']).execute();
    },
  },
  {
    name: 'issuer-0002-signing-key-and-credential-schema',
    async up({ db }) {
      await db.schema.alterTable(CREDENTIAL_DEFINITIONS_TABLE).addColumn('signing_key_pair_id', 'varchar(64)').execute();
      await db.schema.alterTable(CREDENTIAL_DEFINITIONS_TABLE).addColumn('credential_schema', 'varchar(2048)').execute();
      await db.schema.alterTable(ISSUED_CREDENTIALS_TABLE).addColumn('credential_schema', 'varchar(2048)').execute();
      await db.schema.alterTable(ISSUED_CREDENTIALS_TABLE).addColumn('signed_with', 'varchar(2048)').execute();
    },
  },
];
