import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { MigrationDefinition } from '@tdss/sdk';

export const SECRETS_TABLE = 'tdss_secrets';

export const Secret = defineEntity({
  name: 'TdssSecret',
  tableName: SECRETS_TABLE,
  properties: {
    tenantId: p.string().primary(),
    key: p.string().primary(),
    ciphertext: p.text(),
    keyId: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Secret = InferEntity<typeof Secret>;

export const secretMigrations: MigrationDefinition[] = [
  {
    name: '0001-create-secrets',
    async up({ db, dialect }) {
      const timestamp = dialect === 'postgresql' ? 'timestamptz' : 'datetime';
      await db.schema
        .createTable(SECRETS_TABLE)
        .addColumn('tenant_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('key', 'varchar(255)', (c) => c.notNull())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('key_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        // The key is unique per tenant, and every lookup starts from the tenant.
        .addPrimaryKeyConstraint('tdss_secrets_pk', ['tenant_id', 'key'])
        .execute();
    },
  },
];
