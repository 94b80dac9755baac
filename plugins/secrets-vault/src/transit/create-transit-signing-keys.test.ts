/**
 * The identity hub with its private keys in Transit: key pairs are made, sign, rotate and are
 * revoked there, and what they sign verifies with the identity hub's own verifier against the
 * participant's did:web document, resolved over HTTP.
 */
import http from '@tdss/http';
import identityHub, { DidResolver, JwsVerificationError, KeyService, SigningKeys, verifyJws } from '@tdss/identity-hub';
import store from '@tdss/store-sql';
import { decodeProtectedHeader } from 'jose';
import t, { type Test } from 'tap';
import { startVaultRuntime } from '../test-support/start-vault-runtime.ts';
import { vaultUnderTest } from '../test-support/vault-under-test.ts';
import { transitKeyName } from './transit-key-name.ts';

async function startHub(t: Test) {
  const vault = await vaultUnderTest(t);
  const started = await startVaultRuntime(t, vault, {
    plugins: [
      { plugin: store },
      { plugin: http, settings: { port: 0 } },
      { plugin: identityHub, settings: { didWebHttpLoopback: true, resolverCacheTtlMs: 0 } },
    ],
  });
  const { runtime } = started;
  const resolver = runtime.get(DidResolver);
  const verified = (jws: string) =>
    verifyJws(resolver, jws).then(
      (result) => `verified: ${new TextDecoder().decode(result.payload)}`,
      (error: unknown) => (error instanceof JwsVerificationError ? error.code : String(error)),
    );
  return { ...started, vault, keys: runtime.get(KeyService), verified, name: (tenant: string, id: string) => transitKeyName(vault.settings.transitKeyPrefix, tenant, id) };
}

t.test('the identity hub uses the Transit SigningKeys; Ed25519 and P-256 signatures verify', async (t) => {
  const hub = await startHub(t);
  t.type(hub.runtime.get(SigningKeys), 'object');
  const ed = await hub.keys.create('alice', { algorithm: 'Ed25519' });
  const ec = await hub.keys.create('bob', { algorithm: 'P-256' });
  t.same(await hub.vault.transitKeys(), [hub.name('alice', ed.id), hub.name('bob', ec.id)].sort(), 'one Transit key per key pair');
  t.same(await hub.vault.kvPaths(), [], 'no private key in KV');
  t.same(Object.keys(ed.publicJwk).sort(), ['crv', 'kty', 'x']);
  t.same(Object.keys(ec.publicJwk).sort(), ['crv', 'kty', 'x', 'y']);

  const byAlice = await hub.keys.sign('alice', 'signed by alice in Vault', { typ: 'JWT' });
  t.match(decodeProtectedHeader(byAlice), { alg: 'EdDSA', kid: ed.verificationMethodId, typ: 'JWT' });
  t.equal(await hub.verified(byAlice), 'verified: signed by alice in Vault');
  const byBob = await hub.keys.sign('bob', 'signed by bob in Vault');
  t.match(decodeProtectedHeader(byBob), { alg: 'ES256', kid: ec.verificationMethodId });
  t.equal(await hub.verified(byBob), 'verified: signed by bob in Vault');

  const [header, payload] = byBob.split('.');
  const forged = `${header}.${payload}.${byAlice.split('.')[2]}`;
  t.equal(await hub.verified(forged), 'badSignature', 'a signature from another key does not verify');
  t.notMatch(hub.logs.text(), /"d":/, 'no private JWK member in any log line');
});

t.test('rotation makes a new Transit key and deletes the old one; revocation deletes the key', async (t) => {
  const hub = await startHub(t);
  const old = await hub.keys.create('alice', { algorithm: 'P-256', keyId: 'old' });
  const before = await hub.keys.sign('alice', 'before rotation');
  const { successor } = await hub.keys.rotate('alice', old.id, { keyId: 'new' });
  t.same(await hub.vault.transitKeys(), [hub.name('alice', successor.id)], 'the rotated key is gone from Transit');
  const after = await hub.keys.sign('alice', 'after rotation');
  t.equal(decodeProtectedHeader(after).kid, successor.verificationMethodId, 'the successor signs');
  t.equal(await hub.verified(after), 'verified: after rotation');
  t.equal(await hub.verified(before), 'verified: before rotation', 'what the rotated key signed still verifies');

  await hub.keys.revoke('alice', successor.id);
  t.same(await hub.vault.transitKeys(), [], 'the revoked key is gone from Transit');
  t.equal(await hub.verified(after), 'unknownKey', 'and its signatures no longer verify');
  await t.rejects(hub.keys.sign('alice', 'x'), { message: /has no active key pair to sign with/ }, 'nothing is left to sign with');
});

t.test('keys of tenants are apart: deleteTenant destroys one tenant\'s Transit keys and secrets only', async (t) => {
  const hub = await startHub(t);
  const alice = await hub.keys.create('alice');
  await hub.keys.create('alice.b');
  await hub.keys.create('bob');
  await hub.store.put('bob', 'token', 'x');
  const transit = hub.runtime.get(SigningKeys);
  t.equal(await transit.sign('bob', alice.id, alice.algorithm, Buffer.from('x')), undefined, "bob's scope does not reach alice's key");
  t.equal(await hub.store.deleteTenant('bob'), 2, "bob's secret and Transit key");
  t.equal((await hub.vault.transitKeys()).length, 2);
  t.equal(await hub.verified(await hub.keys.sign('alice', 'still here')), 'verified: still here');
  t.equal(await hub.store.deleteTenant('alice'), 1, 'alice.b is another tenant, not below alice');
  t.equal((await hub.vault.transitKeys()).length, 1);
});
