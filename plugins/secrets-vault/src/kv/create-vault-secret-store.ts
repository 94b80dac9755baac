import type { SecretStore } from '@tdss/sdk';
import { decodeSegment, encodeSegment } from '../paths/encode-segment.ts';
import type { VaultClient } from '../vault/vault-session.ts';
import { vaultFailure, vaultStatus } from '../vault/vault-error.ts';

const MAX_LENGTH = 255;

export interface VaultSecretStoreOptions {
  kvMount: string;
  pathPrefix: string;
  /** Called by deleteTenant to destroy the tenant's other material in Vault (its Transit keys); returns how many. */
  deleteTenantKeys(tenantId: string): Promise<number>;
}

/**
 * Secrets in a KV v2 engine: `<mount>/data/<prefix>/<tenant>/<key>`, tenant and key each one
 * encoded segment, so a tenant's folder holds only its own secrets and nothing a caller passes
 * can reach past it. The value is the `value` field of the secret's data.
 */
export function createVaultSecretStore(client: VaultClient, options: VaultSecretStoreOptions): SecretStore {
  const folder = (tenantId: string) => `${options.pathPrefix}/${encodeSegment(tenantId)}`;
  const data = (tenantId: string, key: string) => `${options.kvMount}/data/${folder(tenantId)}/${encodeSegment(key)}`;
  const metadata = (tenantId: string, key: string) => `${options.kvMount}/metadata/${folder(tenantId)}/${encodeSegment(key)}`;

  /** The tenant's keys, decoded; a tenant without secrets is a 404 listing. */
  async function keysOf(tenantId: string): Promise<string[]> {
    try {
      const { data: listed } = await client.list(`${options.kvMount}/metadata/${folder(tenantId)}`);
      return (listed.keys as string[]).filter((key) => !key.endsWith('/')).map(decodeSegment);
    } catch (error) {
      if (vaultStatus(error) === 404) return [];
      throw vaultFailure(`listing the secrets of tenant ${tenantId}`, error);
    }
  }

  async function destroy(tenantId: string, key: string): Promise<void> {
    try {
      // Deleting the metadata destroys every version, not just the latest.
      await client.delete(metadata(tenantId, key));
    } catch (error) {
      throw vaultFailure(`deleting secret ${key} of tenant ${tenantId}`, error);
    }
  }

  return {
    async get(tenantId, key) {
      check(tenantId, key);
      try {
        const { data: secret } = await client.read(data(tenantId, key));
        const value: unknown = secret?.data?.value;
        return typeof value === 'string' ? value : undefined;
      } catch (error) {
        if (vaultStatus(error) === 404) return undefined;
        throw vaultFailure(`reading secret ${key} of tenant ${tenantId}`, error);
      }
    },
    async put(tenantId, key, value) {
      check(tenantId, key);
      if (typeof value !== 'string') throw new TypeError('SecretStore.put: the value must be a string');
      try {
        await client.write(data(tenantId, key), { data: { value } });
      } catch (error) {
        throw vaultFailure(`writing secret ${key} of tenant ${tenantId}`, error);
      }
    },
    async delete(tenantId, key) {
      check(tenantId, key);
      try {
        await client.read(metadata(tenantId, key));
      } catch (error) {
        if (vaultStatus(error) === 404) return false;
        throw vaultFailure(`reading the metadata of secret ${key} of tenant ${tenantId}`, error);
      }
      await destroy(tenantId, key);
      return true;
    },
    async list(tenantId, prefix = '') {
      check(tenantId);
      return (await keysOf(tenantId)).filter((key) => key.startsWith(prefix)).sort();
    },
    async deleteTenant(tenantId) {
      check(tenantId);
      const keys = await keysOf(tenantId);
      for (const key of keys) await destroy(tenantId, key);
      return keys.length + (await options.deleteTenantKeys(tenantId));
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
