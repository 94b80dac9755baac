/**
 * @tdss/secrets-vault: the SecretStore on HashiCorp Vault (KV version 2, a folder per tenant) and
 * the identity hub's SigningKeys in Vault Transit, where private keys never leave the vault.
 * In a profile it replaces @tdss/secrets-local.
 */
import { definePlugin, type RuntimeInfo, SecretStore } from '@tdss/sdk';
import { SigningKeys } from '@tdss/identity-hub';
import { createVaultSecretStore } from './kv/create-vault-secret-store.ts';
import { SecretsVaultSettings } from './settings.ts';
import { createTransitSigningKeys } from './transit/create-transit-signing-keys.ts';
import { openVaultSession, type VaultSession } from './vault/vault-session.ts';

export { SecretsVaultSettings } from './settings.ts';

/** Each runtime's session, so its renewal timer ends when that runtime stops. */
const sessions = new WeakMap<RuntimeInfo, VaultSession>();

export default definePlugin({
  name: '@tdss/secrets-vault',
  version: '0.1.0',
  description: 'Per-tenant secrets in HashiCorp Vault KV v2 and identity hub signing keys in Vault Transit, with token or AppRole login and token renewal.',
  settings: SecretsVaultSettings,
  provides: [SecretStore, SigningKeys],
  async start(ctx) {
    const { settings, logger } = ctx;
    const session = await openVaultSession(settings, logger);
    sessions.set(ctx.runtime, session);
    const signingKeys = createTransitSigningKeys(session.client, settings);
    ctx.provide(SigningKeys, signingKeys);
    ctx.provide(
      SecretStore,
      createVaultSecretStore(session.client, { ...settings, deleteTenantKeys: (tenantId) => signingKeys.destroyTenant(tenantId) }),
    );
  },
  stop(ctx) {
    sessions.get(ctx.runtime)?.stop();
    sessions.delete(ctx.runtime);
  },
});
