import type { Database, SecretStore } from '@tdss/sdk';
import type { SecretCipher } from '../crypto/create-secret-cipher.ts';
import { Secret } from './secret-entity.ts';

const MAX_LENGTH = 255;

/** Secrets as rows of tdss_secrets; every query names the tenant, and values exist only encrypted there. */
export function createSecretStore(db: Database, cipher: SecretCipher): SecretStore {
  return {
    async get(tenantId, key) {
      check(tenantId, key);
      const row = await db.em().findOne(Secret, { tenantId, key });
      return row ? cipher.open(tenantId, key, row) : undefined;
    },
    async put(tenantId, key, value) {
      check(tenantId, key);
      if (typeof value !== 'string') throw new TypeError('SecretStore.put: the value must be a string');
      const sealed = cipher.seal(tenantId, key, value);
      await db.em().upsert(
        Secret,
        { tenantId, key, ...sealed, updatedAt: new Date() },
        { onConflictFields: ['tenantId', 'key'], onConflictMergeFields: ['ciphertext', 'keyId', 'updatedAt'] },
      );
    },
    async delete(tenantId, key) {
      check(tenantId, key);
      return (await db.em().nativeDelete(Secret, { tenantId, key })) > 0;
    },
    async list(tenantId, prefix = '') {
      check(tenantId);
      const rows = await db.em().find(Secret, { tenantId }, { fields: ['key'] });
      // Filtered and sorted here, not in SQL: LIKE escaping and collation differ between dialects.
      return rows
        .map((row) => row.key)
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
    async deleteTenant(tenantId) {
      check(tenantId);
      return db.em().nativeDelete(Secret, { tenantId });
    },
  };
}

function check(tenantId: string, key?: string): void {
  for (const [name, value] of [['tenantId', tenantId], ...(key === undefined ? [] : [['key', key]])] as const) {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) {
      throw new TypeError(`SecretStore: ${name} must be a string of 1 to ${MAX_LENGTH} characters`);
    }
  }
}
