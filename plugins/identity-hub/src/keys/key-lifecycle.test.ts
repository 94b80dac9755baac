/** The KeyService in a real runtime, on SQLite and PostgreSQL. */
import { ProblemError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import { decodeProtectedHeader } from 'jose';
import t from 'tap';
import { startIdentityRuntime } from '../test-support/identity-runtime.ts';
import { verifyJws } from '../verify/verify-jws.ts';
import { privateKeySecret } from './private-key-secret.ts';

async function problem(promise: Promise<unknown>): Promise<{ status: number; detail: string }> {
  const error = await rejectionOf<ProblemError>(promise);
  if (!(error instanceof ProblemError)) throw error;
  return { status: error.status, detail: error.message };
}

forEachDialect(t, 'a key pair is created, activated, rotated and revoked, its private key only in the SecretStore', async (t, _dialect, database) => {
  const hub = await startIdentityRuntime(t, { database });
  const { keys, secrets } = hub;

  const first = await keys.create('acme');
  t.match(first, { participantId: 'acme', algorithm: 'Ed25519', state: 'ACTIVATED', publicJwk: { kty: 'OKP', crv: 'Ed25519' } });
  t.notOk('d' in first.publicJwk, 'the public JWK has no d');
  t.match(first.keyId, /^[A-Za-z0-9_-]{43}$/, 'the key id defaults to the JWK thumbprint');
  t.equal(first.verificationMethodId, `${(await hub.dids.find('acme'))!.did}#${first.keyId}`);
  const stored = JSON.parse((await secrets.get('acme', privateKeySecret(first.id)))!);
  t.equal(stored.x, first.publicJwk.x, 'the SecretStore holds the private JWK of this key');
  t.match(stored.d, /^[A-Za-z0-9_-]{43}$/);

  t.match(await problem(keys.create('acme')), { status: 409, detail: /already has the active key pair .*rotate it instead/ });
  const spare = await keys.create('acme', { algorithm: 'P-256', keyId: 'spare', activate: false });
  t.match(spare, { state: 'CREATED', algorithm: 'P-256', keyId: 'spare', activatedAt: null, publicJwk: { kty: 'EC', crv: 'P-256' } });
  t.match(await problem(keys.activate('acme', spare.id)), { status: 409 }, 'no second active key');
  t.match(await problem(keys.create('acme', { keyId: 'spare', activate: false })), { status: 409 }, 'key ids are unique per participant');
  t.equal((await keys.list('acme')).total, 2, 'the failed create left no key pair behind');
  t.same((await secrets.list('acme')).sort(), [privateKeySecret(first.id), privateKeySecret(spare.id)].sort(), '…and no secret');

  const { rotated, successor } = await keys.rotate('acme', first.id, { keyId: 'second' });
  t.match(rotated, { id: first.id, state: 'ROTATED' });
  t.ok(rotated.rotatedAt);
  t.match(successor, { state: 'ACTIVATED', keyId: 'second', algorithm: 'Ed25519' }, 'the successor keeps the algorithm by default');
  t.equal(await secrets.get('acme', privateKeySecret(first.id)), undefined, 'the rotated private key is destroyed');
  t.match(await problem(keys.rotate('acme', first.id)), { status: 409, detail: /is ROTATED; only a ACTIVATED key pair can be rotated/ });

  const revoked = await keys.revoke('acme', first.id);
  t.match(revoked, { state: 'REVOKED' });
  t.ok(revoked.revokedAt);
  t.match(await problem(keys.revoke('acme', first.id)), { status: 409 });
  const revokedSpare = await keys.revoke('acme', spare.id);
  t.equal(revokedSpare.state, 'REVOKED', 'a created key can be revoked');
  t.equal(await secrets.get('acme', privateKeySecret(spare.id)), undefined);
  t.match(await problem(keys.activate('acme', spare.id)), { status: 409 }, 'a revoked key cannot come back');

  const p256 = await keys.rotate('acme', successor.id, { algorithm: 'P-256' });
  t.equal(p256.successor.algorithm, 'P-256', 'rotation can change the algorithm');

  const rows = await hub.db.kysely().selectFrom('identity_hub_key_pairs').selectAll().execute();
  t.equal(rows.length, 4);
  t.notMatch(JSON.stringify(rows), /"d"|\\"d\\"/, 'no stored row has a private member');
  for (const secret of [stored.d]) t.notMatch(JSON.stringify(rows), secret);
});

forEachDialect(t, 'list pages oldest first and filters by state', async (t, _dialect, database) => {
  const { keys } = await startIdentityRuntime(t, { database });
  const created = [];
  for (let i = 0; i < 5; i++) {
    created.push(await keys.create('acme', { keyId: `k${i}`, activate: false }));
    await new Promise((resolve) => setTimeout(resolve, 2)); // distinct creation times
  }
  await keys.activate('acme', created[1]!.id);
  const page = await keys.list('acme', { offset: 1, limit: 2 });
  t.same(
    page.items.map((k) => k.keyId),
    ['k1', 'k2'],
  );
  t.match(page, { total: 5, offset: 1, limit: 2 });
  t.same((await keys.list('acme', { state: 'ACTIVATED' })).items.map((k) => k.keyId), ['k1']);
  t.equal((await keys.list('acme', { state: 'CREATED' })).total, 4);
  t.match(await problem(keys.list('acme', { state: 'LOST' as never })), { status: 400 });
  t.match(await problem(keys.list('acme', { limit: 0 })), { status: 400 });
  t.same((await keys.list('nobody')).items, [], 'a participant without keys has none');
});

forEachDialect(t, 'sign uses the active key: EdDSA for Ed25519, ES256 for P-256, kid its DID URL', async (t, _dialect, database) => {
  const { keys, resolver } = await startIdentityRuntime(t, { database });
  t.match(await problem(keys.sign('acme', 'x')), { status: 409, detail: /no active key pair/ });
  const ed = await keys.create('acme');
  const jws = await keys.sign('acme', 'hello', { typ: 'JWT', header: { alg: 'none', kid: 'forged', cty: 'text' } });
  t.same(decodeProtectedHeader(jws), { cty: 'text', typ: 'JWT', alg: 'EdDSA', kid: ed.verificationMethodId }, 'alg and kid cannot be overridden');
  const verified = await verifyJws(resolver, jws, { relationship: 'capabilityInvocation' });
  t.equal(new TextDecoder().decode(verified.payload), 'hello');

  const { successor } = await keys.rotate('acme', ed.id, { algorithm: 'P-256' });
  const es = await keys.sign('acme', new Uint8Array([1, 2, 3]));
  t.match(decodeProtectedHeader(es), { alg: 'ES256', kid: successor.verificationMethodId });
  t.same([...(await verifyJws(resolver, es)).payload], [1, 2, 3]);

  await keys.revoke('acme', successor.id);
  t.match(await problem(keys.sign('acme', 'x')), { status: 409 }, 'no active key after revoking it');
});

t.test('bad input is a 400 problem before anything is stored', async (t) => {
  const { keys, dids } = await startIdentityRuntime(t);
  t.match(await problem(keys.create('../etc')), { status: 400, detail: /participant id/ });
  t.match(await problem(keys.create('.hidden')), { status: 400 });
  t.match(await problem(keys.create('x'.repeat(129))), { status: 400 });
  t.match(await problem(keys.create('acme', { algorithm: 'RSA' as never })), { status: 400, detail: /algorithm must be one of Ed25519, P-256/ });
  t.match(await problem(keys.create('acme', { keyId: 'has space' })), { status: 400, detail: /keyId/ });
  t.match(await problem(keys.get('acme', 'nope')), { status: 404, detail: 'participant acme has no key pair nope' });
  t.equal((await dids.list('acme')).total, 0, 'refused creates leave no DID behind');
  t.equal((await keys.list('acme')).total, 0);
});

forEachDialect(t, 'two rotations of one key at once: one wins, one active key remains, no secret is orphaned', async (t, _dialect, database) => {
  const { keys, secrets } = await startIdentityRuntime(t, { database });
  const key = await keys.create('acme');
  const results = await Promise.allSettled([keys.rotate('acme', key.id), keys.rotate('acme', key.id)]);
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1, 'one rotation succeeds');
  const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  t.match(failed.reason, { status: 409 }, 'the other is a 409 problem');
  const active = (await keys.list('acme', { state: 'ACTIVATED' })).items;
  t.equal(active.length, 1);
  t.same(await secrets.list('acme'), [privateKeySecret(active[0]!.id)], 'only the active key has a secret');
});

forEachDialect(t, 'the first key pairs of a participant, created at once, share one DID', async (t, _dialect, database) => {
  const { keys, dids } = await startIdentityRuntime(t, { database });
  const created = await Promise.all(['a', 'b', 'c'].map((keyId) => keys.create('fresh', { keyId, activate: false })));
  t.equal(new Set(created.map((k) => k.verificationMethodId.split('#')[0])).size, 1);
  t.equal((await dids.list('fresh')).total, 1);
});
