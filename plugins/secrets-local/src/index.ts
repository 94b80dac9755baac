/**
 * @tdss/secrets-local: the embedded SecretStore. Per-tenant secrets live in the shared database,
 * encrypted with a master key that stays outside it. A vault plugin providing SecretStore replaces it.
 */
import { Database, DatabaseSchemas, definePlugin, SecretStore } from '@tdss/sdk';
import { createSecretCipher } from './crypto/create-secret-cipher.ts';
import { resolveMasterKey } from './master-key/resolve-master-key.ts';
import { SecretsLocalSettings } from './settings.ts';
import { createSecretStore } from './storage/create-secret-store.ts';
import { Secret, secretMigrations } from './storage/secret-entity.ts';

export { SecretsLocalSettings } from './settings.ts';

const PLUGIN = '@tdss/secrets-local';

export default definePlugin({
  name: PLUGIN,
  version: '0.1.0',
  description: 'Per-tenant secrets in the database, encrypted at rest with AES-256-GCM under a master key kept outside it.',
  settings: SecretsLocalSettings,
  provides: [{ token: SecretStore, default: true }],
  requires: [Database],
  contributes: [DatabaseSchemas],
  register(ctx) {
    ctx.contribute(DatabaseSchemas, { plugin: PLUGIN, entities: [Secret], migrations: secretMigrations });
  },
  async start(ctx) {
    const { settings } = ctx;
    const master = await resolveMasterKey({ settings, runtimeName: ctx.runtime.name, logger: ctx.logger, plugin: PLUGIN });
    const cipher = createSecretCipher(master, {
      plugin: PLUGIN,
      supplyHint: (id) =>
        `start with the master key whose id is ${id}: put it (base64) in environment variable ${settings.keyEnv}, ` +
        `or in a file named by setting keyFile`,
    });
    ctx.provide(SecretStore, createSecretStore(ctx.get(Database), cipher));
    ctx.logger.info({ keyId: master.id }, 'secret store ready');
  },
});
