import secretsLocal from '@tdss/secrets-local';
import { SecretStore } from '@tdss/sdk';
import store from '@tdss/store-sql';
import t from 'tap';
import { startVaultRuntime } from './test-support/start-vault-runtime.ts';
import { vaultUnderTest } from './test-support/vault-under-test.ts';

t.test('in a profile with secrets-local, this plugin provides SecretStore and secrets-local is dropped', async (t) => {
  const vault = await vaultUnderTest(t);
  const { runtime, logs } = await startVaultRuntime(t, vault, {
    plugins: [{ plugin: store }, { plugin: secretsLocal, settings: { keyEnv: 'TDSS_TEST_NEVER_SET' } }],
  });
  t.notOk(runtime.plugins.some((p) => p.plugin.name === '@tdss/secrets-local'), 'secrets-local is not in the plan');
  await runtime.get(SecretStore).put('acme', 'api-key', 'kept in Vault');
  t.same(await vault.kvPaths(), [`${vault.settings.pathPrefix}/acme/api-key`], 'the secret is in Vault KV');
  t.ok(logs.lines.some((line) => line.msg === 'logged in to Vault' && line.authMethod === 'token'));
  t.notMatch(logs.text(), 'kept in Vault', 'no value in any log line');
  t.notMatch(logs.text(), process.env[vault.settings.tokenEnv]!, 'no token in any log line');
});
