import { HOSTILE_NAMES, secretStoreContract } from '@tdss/testing';
import t from 'tap';
import { startVaultRuntime } from '../test-support/start-vault-runtime.ts';
import { vaultUnderTest } from '../test-support/vault-under-test.ts';

await secretStoreContract((name, body) =>
  t.test(name, async (t) => {
    const { store } = await startVaultRuntime(t, await vaultUnderTest(t));
    await body(t, store);
  }),
);

t.test('a delete leaves no version behind, and deleteTenant no path of the tenant', async (t) => {
  const vault = await vaultUnderTest(t);
  const { store } = await startVaultRuntime(t, vault);
  const prefix = vault.settings.pathPrefix;
  await store.put('A', 'api/token', 'first value');
  await store.put('A', 'api/token', 'second value');
  await store.put('A', 'empty', '');
  t.equal(await store.delete('A', 'api/token'), true);
  t.same(await vault.kvPaths(), [`${prefix}/A/empty`]);
  await store.put('B', 'shared-name', 'B value');
  t.equal(await store.deleteTenant('A'), 1);
  t.same(await vault.kvPaths(), [`${prefix}/B/shared-name`]);
});

t.test('hostile tenant ids and keys each get one tenant folder and one key segment in the KV', async (t) => {
  const vault = await vaultUnderTest(t);
  const { store } = await startVaultRuntime(t, vault);
  await store.put('B', 'secret', 'B only');
  await store.put('B', 'x/secret', 'B only, nested name');
  for (const [tenant, key] of HOSTILE_NAMES) await store.put(tenant, key, `written by ${tenant}`);
  const paths = await vault.kvPaths();
  const prefix = vault.settings.pathPrefix;
  for (const path of paths) t.match(path, new RegExp(`^${prefix}/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$`), `${path}: one tenant folder, one key segment`);
  t.equal(paths.length, HOSTILE_NAMES.length + 2);
});
