/**
 * Secrets live under a per-tenant path. Implementations encrypt at rest (embedded default) or keep
 * them in a vault; none ever logs a value.
 */
import { createServiceToken } from '../token.ts';

/** The scope used for secrets of the runtime itself rather than of a tenant. */
export const RUNTIME_SCOPE = '_runtime';

export interface SecretStore {
  get(tenantId: string, key: string): Promise<string | undefined>;
  put(tenantId: string, key: string, value: string): Promise<void>;
  /** Returns whether a secret was there. */
  delete(tenantId: string, key: string): Promise<boolean>;
  /** Keys (never values) under a tenant, optionally below a prefix, sorted. */
  list(tenantId: string, prefix?: string): Promise<string[]>;
  /** Destroys every secret of a tenant; returns how many were removed. */
  deleteTenant(tenantId: string): Promise<number>;
}

export const SecretStore = createServiceToken<SecretStore>('tdss.SecretStore', {
  description: 'Per-tenant secrets, encrypted at rest.',
  providedBy: ['@tdss/secrets-local', '@tdss/secrets-vault'],
});
