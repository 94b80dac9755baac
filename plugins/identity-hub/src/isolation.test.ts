/** Participant A attacking participant B's keys through every API this plugin offers. */
import { ProblemError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import { decodeProtectedHeader } from 'jose';
import t from 'tap';
import { privateKeySecret } from './keys/private-key-secret.ts';
import { startIdentityRuntime } from './test-support/identity-runtime.ts';
import { verifyJws } from './verify/verify-jws.ts';

forEachDialect(t, 'participant A can neither see nor use nor change B\'s keys', async (t, _dialect, database) => {
  const hub = await startIdentityRuntime(t, { database });
  const a = (await hub.api('POST', '/v1/participants/alice/keypairs', { keyId: 'shared-name' })).body;
  const b = (await hub.api('POST', '/v1/participants/bob/keypairs', { keyId: 'shared-name' })).body;
  const bSpare = (await hub.api('POST', '/v1/participants/bob/keypairs', { activate: false })).body;
  t.equal(a.keyId, b.keyId, 'key ids are per participant: both may use one');
  const bBefore = (await hub.api('GET', '/v1/participants/bob/keypairs')).body;

  // Over HTTP, with B's key pair ids under A's path.
  for (const id of [b.id, bSpare.id]) {
    for (const [method, suffix] of [['GET', ''], ['POST', '/activate'], ['POST', '/rotate'], ['POST', '/revoke']] as const) {
      const answer = await hub.api(method, `/v1/participants/alice/keypairs/${id}${suffix}`);
      t.equal(answer.status, 404, `${method} …/alice/keypairs/<bob's>${suffix}`);
      t.notMatch(JSON.stringify(answer.body), 'bob', 'the answer does not reveal the owner');
    }
  }
  const aList = (await hub.api('GET', '/v1/participants/alice/keypairs')).body;
  t.same(aList.map((k: { id: string }) => k.id), [a.id], 'A lists only its own key pairs');
  const bDid = (await hub.dids.find('bob'))!.did;
  t.equal((await hub.api('GET', `/v1/participants/alice/dids/${encodeURIComponent(bDid)}`)).status, 404, 'nor B\'s DID');
  t.same((await hub.api('GET', '/v1/participants/alice/dids')).body.map((d: { did: string }) => d.did), [(await hub.dids.find('alice'))!.did]);

  // Through the services.
  for (const attempt of [
    () => hub.keys.get('alice', b.id),
    () => hub.keys.rotate('alice', b.id),
    () => hub.keys.revoke('alice', bSpare.id),
    () => hub.keys.activate('alice', bSpare.id),
    () => hub.dids.get('alice', bDid),
  ]) {
    const error = await rejectionOf<ProblemError>(attempt());
    t.equal(error.status, 404);
  }
  t.same((await hub.api('GET', '/v1/participants/bob/keypairs')).body, bBefore, 'B\'s key pairs are unchanged');
  t.ok(await hub.secrets.get('bob', privateKeySecret(b.id)), 'B\'s private key is still there');
  t.equal(await hub.secrets.get('alice', privateKeySecret(b.id)), undefined, 'and not reachable in A\'s scope');

  // Signing as A uses A's key, under A's DID; it cannot pass for B.
  const jws = await hub.keys.sign('alice', 'from alice');
  t.equal(decodeProtectedHeader(jws).kid, a.verificationMethodId);
  const [, payload, signature] = jws.split('.');
  const asBob = Buffer.from(JSON.stringify({ ...decodeProtectedHeader(jws), kid: b.verificationMethodId })).toString('base64url');
  await t.rejects(verifyJws(hub.resolver, `${asBob}.${payload}.${signature}`), { code: 'badSignature' }, 'A\'s signature under B\'s kid fails');

  // The documents list their own keys only.
  const aDocument = JSON.stringify(await hub.dids.document('alice'));
  t.notOk(aDocument.includes(b.publicJwk.x), 'A\'s document does not hold B\'s key');
  t.notOk(JSON.stringify(await hub.dids.document('bob')).includes(a.publicJwk.x), 'nor B\'s A\'s');
});
