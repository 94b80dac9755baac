import type { SecretStore } from '@tdss/sdk';
import type { Test } from 'tap';

/**
 * Registers one case of the contract: the implementation runs `body` as a test named `name`
 * against a store of its own that holds no secrets yet (on each dialect, in a fresh Vault, ...).
 */
export type SecretStoreCase = (name: string, body: (t: Test, store: SecretStore) => Promise<void>) => Promise<unknown>;

/**
 * What every SecretStore must do, whatever keeps the secrets: round trips, keys listed below a
 * literal prefix, tenants isolated from each other whatever their ids and keys hold, and
 * deleteTenant. Each implementation adds its own tests of how it stores them.
 */
export async function secretStoreContract(test: SecretStoreCase): Promise<void> {
  await test('put, get, overwrite and delete a secret', async (t, store) => {
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
    await t.rejects(store.put('', 'k', 'v'), { message: 'SecretStore: tenantId must be a string of 1 to 255 characters' });
    await t.rejects(store.get('A', 'k'.repeat(256)), { message: 'SecretStore: key must be a string of 1 to 255 characters' });
  });

  await test('list returns keys only, sorted, optionally below a literal prefix', async (t, store) => {
    for (const key of ['oauth/z', 'dataplane/s3', 'oauth/a', 'oauth%x', 'Oauth/B']) await store.put('A', key, `value of ${key}`);
    await store.put('B', 'oauth/b-only', 'x');
    t.same(await store.list('A'), ['Oauth/B', 'dataplane/s3', 'oauth%x', 'oauth/a', 'oauth/z']);
    t.same(await store.list('A', 'oauth/'), ['oauth/a', 'oauth/z'], 'a prefix is literal and case-sensitive');
    t.same(await store.list('A', 'nothing/'), []);
    t.same(await store.list('C'), [], 'a tenant without secrets has an empty list');
  });

  await test('tenants are isolated, and deleteTenant removes one tenant only', async (t, store) => {
    await store.put('A', 'shared-name', 'A value');
    await store.put('B', 'shared-name', 'B value');
    await store.put('A', 'only-a', 'x');
    t.equal(await store.get('A', 'shared-name'), 'A value');
    t.equal(await store.get('B', 'shared-name'), 'B value');
    t.equal(await store.get('B', 'only-a'), undefined);
    t.equal(await store.delete('B', 'only-a'), false, "B cannot delete A's secret");
    t.equal(await store.deleteTenant('A'), 2);
    t.same(await store.list('A'), []);
    t.equal(await store.get('B', 'shared-name'), 'B value');
    t.equal(await store.deleteTenant('A'), 0);
  });

  await test('no tenant id or key reaches another tenant, whatever it holds', async (t, store) => {
    await store.put('B', 'secret', 'B only');
    await store.put('B', 'x/secret', 'B only, nested name');
    for (const [tenant, key] of HOSTILE_NAMES) {
      t.equal(await store.get(tenant, key), undefined, `get(${tenant}, ${key}) sees nothing of B`);
      t.equal(await store.delete(tenant, key), false, `delete(${tenant}, ${key}) finds nothing`);
      await store.put(tenant, key, `written by ${tenant}`);
      t.equal(await store.get(tenant, key), `written by ${tenant}`, 'each name is a secret of its own');
    }
    t.equal(await store.get('B', 'secret'), 'B only', "B's secrets are untouched");
    t.equal(await store.get('B', 'x/secret'), 'B only, nested name');
    t.same(await store.list('B'), ['secret', 'x/secret'], 'B lists only its own');
    for (const [tenant] of HOSTILE_NAMES) t.same(await store.list(tenant), HOSTILE_NAMES.filter(([other]) => other === tenant).map(([, k]) => k).sort());
    for (const [tenant] of HOSTILE_NAMES) await store.deleteTenant(tenant);
    t.same(await store.list('B'), ['secret', 'x/secret'], "deleting the hostile tenants leaves B's secrets");
  });
}

/** Tenant ids and keys that would reach tenant B's `secret` if a store built paths or patterns from them. */
export const HOSTILE_NAMES: ReadonlyArray<readonly [tenant: string, key: string]> = [
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
