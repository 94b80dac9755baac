import { setTimeout as sleep } from 'node:timers/promises';
import { rejectionOf } from '@tdss/testing';
import t from 'tap';
import { startVaultRuntime } from '../test-support/start-vault-runtime.ts';
import { vaultUnderTest } from '../test-support/vault-under-test.ts';

t.test('token auth: a renewable token is renewed before its TTL ends, so it outlives it', async (t) => {
  const vault = await vaultUnderTest(t);
  const token = await vault.issueToken({ ttlSeconds: 3, renewable: true });
  process.env[vault.settings.tokenEnv] = token;
  const { store, logs } = await startVaultRuntime(t, vault);
  await store.put('A', 'k', 'before');
  await sleep(4500);
  t.equal(await store.get('A', 'k'), 'before', 'the token still works 1.5 s after its first TTL');
  const renewals = vault.requests()?.filter((line) => line === 'POST /v1/auth/token/renew-self').length;
  if (renewals !== undefined) t.ok(renewals >= 2, `renew-self was called (${renewals} times)`);
  t.notMatch(logs.text(), token, 'the token is in no log line');
});

t.test('approle: login, renewal, and a new login when renewal fails at the max TTL', async (t) => {
  const vault = await vaultUnderTest(t);
  const role = await vault.appRole({ ttlSeconds: 2, renewable: true, maxTtlSeconds: 3 });
  const { store, logs } = await startVaultRuntime(t, vault, { settings: { authMethod: 'approle', roleId: role.roleId, secretIdEnv: role.secretIdEnv } });
  await store.put('A', 'k', 'v');
  await sleep(5500);
  t.equal(await store.get('A', 'k'), 'v', 'requests still work after the first token reached its max TTL');
  const requests = vault.requests();
  if (requests !== undefined) {
    t.ok(requests.filter((line) => line === 'POST /v1/auth/approle/login').length >= 2, 'logged in again');
    t.ok(requests.includes('POST /v1/auth/token/renew-self'), 'renewed in between');
  }
  t.ok(logs.lines.some((line) => line.msg === 'logged in to Vault again with AppRole'));
  t.notMatch(logs.text(), process.env[role.secretIdEnv]!, 'the secret id is in no log line');
});

t.test('start-up fails clearly without credentials, naming where they were looked for', async (t) => {
  const vault = await vaultUnderTest(t);
  const missingToken = await rejectionOf(startVaultRuntime(t, vault, { settings: { tokenEnv: 'TDSS_TEST_VAULT_NEVER_SET' } }));
  t.match(missingToken.message, /environment variable TDSS_TEST_VAULT_NEVER_SET, which is not set/);
  const noRole = await rejectionOf(startVaultRuntime(t, vault, { settings: { authMethod: 'approle' } }));
  t.match(noRole.message, /approle needs the setting roleId/);
  const role = await vault.appRole({ ttlSeconds: 60, renewable: true });
  process.env[role.secretIdEnv] = 'not-the-secret-id';
  const refused = await rejectionOf(startVaultRuntime(t, vault, { settings: { authMethod: 'approle', roleId: role.roleId, secretIdEnv: role.secretIdEnv } }));
  t.match(refused.message, /AppRole login at auth\/approle failed: .*\(HTTP 400\)/);
  t.notMatch(refused.message, 'not-the-secret-id');
  process.env[vault.settings.tokenEnv] = 'hvs.not-a-token';
  const badToken = await rejectionOf(startVaultRuntime(t, vault));
  t.match(badToken.message, /looking up the token of TDSS_TEST_VAULT_TOKEN_\w+ failed: permission denied \(HTTP 403\)/);
  t.notMatch(badToken.message, 'hvs.not-a-token');
});
