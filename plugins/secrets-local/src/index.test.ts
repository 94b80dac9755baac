import { definePlugin, SecretStore } from '@tdss/sdk';
import store from '@tdss/store-sql';
import { createTempDir, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import secrets from './index.ts';

t.test('a plugin that provides SecretStore replaces the embedded one, which then does not run', async (t) => {
  const vault = { get: async () => 'from the vault' } as unknown as SecretStore;
  const fakeVault = definePlugin({
    name: 'fake-vault',
    version: '1.0.0',
    provides: [SecretStore],
    register: (ctx) => ctx.provide(SecretStore, vault),
  });
  const keyDir = await createTempDir(t);
  const runtime = await startTestRuntime(t, {
    plugins: [{ plugin: store }, { plugin: secrets, settings: { keyEnv: 'TDSS_TEST_NEVER_SET', keyDir } }, { plugin: fakeVault }],
  });
  t.equal(runtime.get(SecretStore), vault);
  t.notOk(runtime.plugins.some((p) => p.plugin.name === '@tdss/secrets-local'), 'secrets-local is dropped from the plan');
});
