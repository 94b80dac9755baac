import { TdssError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import { keyInEnv, secretRows, startSecrets } from '../fixtures/start-secrets.ts';

forEachDialect(t, 'put, get, overwrite and delete a secret', async (t, _dialect, database) => {
  const { keyEnv } = keyInEnv(t);
  const { store } = await startSecrets(t, database, { settings: { keyEnv } });
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

forEachDialect(t, 'list returns keys only, sorted, optionally below a prefix', async (t, _dialect, database) => {
  const { keyEnv } = keyInEnv(t);
  const { store } = await startSecrets(t, database, { settings: { keyEnv } });
  for (const key of ['oauth/z', 'dataplane/s3', 'oauth/a', 'oauth%x', 'Oauth/B']) await store.put('A', key, `value of ${key}`);
  await store.put('B', 'oauth/b-only', 'x');
  t.same(await store.list('A'), ['Oauth/B', 'dataplane/s3', 'oauth%x', 'oauth/a', 'oauth/z']);
  t.same(await store.list('A', 'oauth/'), ['oauth/a', 'oauth/z'], 'a prefix is literal and case-sensitive');
  t.same(await store.list('A', 'nothing/'), []);
  t.same(await store.list('C'), []);
});

forEachDialect(t, 'tenants are isolated, and deleteTenant removes one tenant only', async (t, _dialect, database) => {
  const { keyEnv } = keyInEnv(t);
  const { store } = await startSecrets(t, database, { settings: { keyEnv } });
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

forEachDialect(t, 'the table holds no plaintext, and each write gets a fresh IV', async (t, _dialect, database) => {
  const { keyEnv } = keyInEnv(t);
  const { store, db } = await startSecrets(t, database, { settings: { keyEnv } });
  const value = 'correct horse battery staple';
  await store.put('A', 'one', value);
  await store.put('A', 'two', value);
  const rows = await secretRows(db);
  t.equal(rows.length, 2);
  const dump = JSON.stringify(rows);
  t.notMatch(dump, value);
  t.notMatch(dump, Buffer.from(value).toString('base64'));
  t.not(rows[0]!.ciphertext, rows[1]!.ciphertext, 'equal values encrypt differently');
  t.match(rows[0], { tenant_id: 'A', key: 'one', key_id: /^[0-9a-f]{16}$/ });
});

forEachDialect(t, 'a ciphertext moved to another tenant or key does not decrypt', async (t, _dialect, database) => {
  const { keyEnv } = keyInEnv(t);
  const { store, db } = await startSecrets(t, database, { settings: { keyEnv } });
  await store.put('A', 'api-key', 'A only');
  await store.put('B', 'api-key', 'B value');
  await store.put('A', 'other', 'x');
  const [rowA] = await secretRows(db);
  const kysely = db.kysely();
  // An attacker with write access to the table copies A's row over B's, and over A's other key.
  await kysely.updateTable('tdss_secrets').set({ ciphertext: rowA!.ciphertext }).where('tenant_id', '=', 'B').execute();
  await kysely.updateTable('tdss_secrets').set({ ciphertext: rowA!.ciphertext }).where('key', '=', 'other').execute();

  for (const [tenant, key] of [
    ['B', 'api-key'],
    ['A', 'other'],
  ] as const) {
    const error = await rejectionOf<TdssError>(store.get(tenant, key));
    t.ok(error instanceof TdssError, `${tenant}/${key} fails`);
    t.equal(error.code, 'SECRETS_UNDECRYPTABLE');
    t.match(error.message, `secret "${key}" of tenant ${tenant} does not decrypt`);
    t.notMatch(error.message, 'A only');
  }
  t.equal(await store.get('A', 'api-key'), 'A only', 'the original still decrypts');
});
