import { TdssError } from '@tdss/sdk';
import { forEachDialect, rejectionOf, secretStoreContract } from '@tdss/testing';
import t from 'tap';
import { keyInEnv, secretRows, startSecrets } from '../fixtures/start-secrets.ts';

await secretStoreContract((name, body) =>
  forEachDialect(t, name, async (t, _dialect, database) => {
    const { keyEnv } = keyInEnv(t);
    const { store } = await startSecrets(t, database, { settings: { keyEnv } });
    await body(t, store);
  }),
);

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
