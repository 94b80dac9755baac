import t from 'tap';
import { startVaultRuntime } from '../test-support/start-vault-runtime.ts';
import { vaultUnderTest } from '../test-support/vault-under-test.ts';

t.test('put, get, overwrite and delete a secret', async (t) => {
  const vault = await vaultUnderTest(t);
  const { store } = await startVaultRuntime(t, vault);
  t.equal(await store.get('A', 'api/token'), undefined, 'nothing there yet');
  await store.put('A', 'api/token', 'first value ✓');
  t.equal(await store.get('A', 'api/token'), 'first value ✓');
  await store.put('A', 'api/token', 'second value');
  t.equal(await store.get('A', 'api/token'), 'second value', 'a put overwrites');
  await store.put('A', 'empty', '');
  t.equal(await store.get('A', 'empty'), '', 'an empty value is a value');
  t.equal(await store.delete('A', 'api/token'), true);
  t.equal(await store.delete('A', 'api/token'), false, 'a second delete finds nothing');
  t.equal(await store.get('A', 'api/token'), undefined);
  t.same(await vault.kvPaths(), [`${vault.settings.pathPrefix}/A/empty`], 'a delete leaves no version behind');
  await t.rejects(store.put('', 'k', 'v'), { message: 'SecretStore: tenantId must be a string of 1 to 255 characters' });
  await t.rejects(store.get('A', 'k'.repeat(256)), { message: 'SecretStore: key must be a string of 1 to 255 characters' });
});

t.test('list returns keys only, sorted, optionally below a literal prefix', async (t) => {
  const vault = await vaultUnderTest(t);
  const { store } = await startVaultRuntime(t, vault);
  for (const key of ['oauth/z', 'dataplane/s3', 'oauth/a', 'oauth%x', 'Oauth/B']) await store.put('A', key, `value of ${key}`);
  await store.put('B', 'oauth/b-only', 'x');
  t.same(await store.list('A'), ['Oauth/B', 'dataplane/s3', 'oauth%x', 'oauth/a', 'oauth/z']);
  t.same(await store.list('A', 'oauth/'), ['oauth/a', 'oauth/z'], 'a prefix is literal and case-sensitive');
  t.same(await store.list('A', 'nothing/'), []);
  t.same(await store.list('C'), [], 'a tenant without secrets has an empty list');
});

t.test('tenants are isolated, and deleteTenant removes one tenant only', async (t) => {
  const vault = await vaultUnderTest(t);
  const { store } = await startVaultRuntime(t, vault);
  await store.put('A', 'shared-name', 'A value');
  await store.put('B', 'shared-name', 'B value');
  await store.put('A', 'only-a', 'x');
  t.equal(await store.get('B', 'only-a'), undefined);
  t.equal(await store.delete('B', 'only-a'), false, "B cannot delete A's secret");
  t.equal(await store.deleteTenant('A'), 2);
  t.same(await store.list('A'), []);
  t.equal(await store.get('B', 'shared-name'), 'B value');
  t.equal(await store.deleteTenant('A'), 0);
  t.same(await vault.kvPaths(), [`${vault.settings.pathPrefix}/B/shared-name`]);
});

t.test('no tenant id or key reaches another tenant, whatever it holds', async (t) => {
  const vault = await vaultUnderTest(t);
  const { store } = await startVaultRuntime(t, vault);
  await store.put('B', 'secret', 'B only');
  await store.put('B', 'x/secret', 'B only, nested name');
  const attempts: Array<[string, string]> = [
    ['../B', 'secret'],
    ['..', 'B/secret'],
    ['A', '../../B/secret'],
    ['%2e%2e', 'B/secret'],
    ['%2e%2e%2fB', 'secret'],
    ['A/../B', 'secret'],
    ['B/', 'secret'],
    ['B/x', 'secret'],
    ['/B', 'secret'],
    ['A', '%2e%2e%2fB%2fsecret'],
    ['.', 'B/secret'],
  ];
  for (const [tenant, key] of attempts) {
    t.equal(await store.get(tenant, key), undefined, `get(${tenant}, ${key}) sees nothing of B`);
    t.equal(await store.delete(tenant, key), false, `delete(${tenant}, ${key}) finds nothing`);
    await store.put(tenant, key, `written by ${tenant}`);
    t.equal(await store.get(tenant, key), `written by ${tenant}`, 'each name is a secret of its own');
  }
  t.equal(await store.get('B', 'secret'), 'B only', "B's secrets are untouched");
  t.equal(await store.get('B', 'x/secret'), 'B only, nested name');
  t.same(await store.list('B'), ['secret', 'x/secret'], 'B lists only its own');
  for (const [tenant] of attempts) t.same(await store.list(tenant), attempts.filter(([other]) => other === tenant).map(([, k]) => k).sort());

  const paths = await vault.kvPaths();
  const prefix = vault.settings.pathPrefix;
  for (const path of paths) t.match(path, new RegExp(`^${prefix}/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$`), `${path}: one tenant folder, one key segment`);
  t.equal(paths.length, attempts.length + 2);
  for (const [tenant] of attempts) await store.deleteTenant(tenant);
  t.same(await store.list('B'), ['secret', 'x/secret'], "deleting the hostile tenants leaves B's secrets");
});
