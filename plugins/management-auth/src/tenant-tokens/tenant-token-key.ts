/**
 * The key that signs minted tenant tokens: 256 random bits kept in the SecretStore (runtime
 * scope), so every replica of a runtime verifies what another minted. It never leaves the process
 * otherwise: not logged, not returned.
 */
import { randomBytes } from 'node:crypto';
import { RUNTIME_SCOPE, type SecretStore } from '@tdss/sdk';

export const TENANT_TOKEN_KEY = 'management-auth/tenant-token-key';

export async function loadTenantTokenKey(secrets: SecretStore): Promise<Uint8Array> {
  let stored = await secrets.get(RUNTIME_SCOPE, TENANT_TOKEN_KEY);
  if (stored === undefined) {
    await secrets.put(RUNTIME_SCOPE, TENANT_TOKEN_KEY, randomBytes(32).toString('base64url'));
    // Read back: when replicas start together, they converge on the key that was stored last.
    stored = (await secrets.get(RUNTIME_SCOPE, TENANT_TOKEN_KEY))!;
  }
  return new Uint8Array(Buffer.from(stored, 'base64url'));
}
