import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { CompactSign, type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import t from 'tap';
import type { DidDocument } from '../did/did-document.ts';
import { createDidResolver } from '../resolver/create-did-resolver.ts';
import type { DidResolver } from '../resolver/did-resolver.ts';
import { createResolutionCache } from '../resolver/resolution-cache.ts';
import { JwsVerificationError } from './jws-verification-error.ts';
import { verifyJws } from './verify-jws.ts';

const DID = 'did:test:alice';

/** A resolver of did:test whose one document the test writes. */
function resolverOf(document: (did: string) => DidDocument): DidResolver {
  return createDidResolver({
    resolvers: [{ method: 'test', resolve: async (did) => document(did) }],
    cache: createResolutionCache({ ttlMs: 0, maxEntries: 1 }),
    timeoutMs: 1_000,
  });
}

async function keyPair(alg: 'EdDSA' | 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

const sign = (key: CryptoKey, header: Record<string, unknown>, payload = 'payload') =>
  new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'EdDSA', ...header }).sign(key);

/** A JWS-shaped string with any header and a signature that is no signature. */
const unsigned = (header: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from('payload').toString('base64url')}.AAAA`;

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => 'verified',
    (e: unknown) => e,
  );
  return error instanceof JwsVerificationError ? error.code : String(error);
}

t.test('verifies with the key the kid names, in the relationship asked for', async (t) => {
  const ed = await keyPair('EdDSA');
  const p256 = await keyPair('ES256');
  const resolver = resolverOf((did) => ({
    id: did,
    verificationMethod: [
      { id: `${did}#ed`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ed.publicJwk },
      { id: '#p256', type: 'JsonWebKey2020', controller: did, publicKeyJwk: p256.publicJwk },
    ],
    assertionMethod: [`${did}#ed`, '#p256'],
    capabilityInvocation: [`${did}#ed`],
  }));
  const verified = await verifyJws(resolver, await sign(ed.privateKey, { kid: `${DID}#ed` }));
  t.equal(verified.did, DID);
  t.equal(verified.verificationMethod.id, `${DID}#ed`);
  t.equal(new TextDecoder().decode(verified.payload), 'payload');
  const relative = await verifyJws(resolver, await sign(p256.privateKey, { alg: 'ES256', kid: `${DID}#p256` }));
  t.equal(relative.verificationMethod.id, '#p256', 'a method id relative to the document matches');
  t.equal(await code(verifyJws(resolver, await sign(p256.privateKey, { alg: 'ES256', kid: `${DID}#p256` }), { relationship: 'capabilityInvocation' })), 'unauthorizedKey');
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, { kid: `${DID}#ed` }), { relationship: 'capabilityInvocation' })), 'verified');
});

t.test('a method embedded in a relationship verifies too', async (t) => {
  const ed = await keyPair('EdDSA');
  const resolver = resolverOf((did) => ({
    id: did,
    assertionMethod: [{ id: `${did}#embedded`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ed.publicJwk }],
  }));
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, { kid: `${DID}#embedded` }))), 'verified');
});

t.test('refuses a kid that is not a DID URL, a key the document lacks, and a DID that does not resolve', async (t) => {
  const ed = await keyPair('EdDSA');
  const resolver = resolverOf((did) => ({ id: did, verificationMethod: [{ id: `${did}#ed`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ed.publicJwk }], assertionMethod: [`${did}#ed`] }));
  t.equal(await code(verifyJws(resolver, 'not.a.jws')), 'malformed');
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, {}))), 'malformed', 'no kid');
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, { kid: 'ed' }))), 'malformed', 'a bare kid');
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, { kid: DID }))), 'malformed', 'a DID without fragment');
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, { kid: `${DID}#gone` }))), 'unknownKey');
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, { kid: 'did:other:x#ed' }))), 'unresolvable');
});

t.test('refuses a signature by another key, an alg that does not fit the key, and unsupported keys', async (t) => {
  const ed = await keyPair('EdDSA');
  const other = await keyPair('EdDSA');
  const p256 = await keyPair('ES256');
  const resolver = resolverOf((did) => ({
    id: did,
    verificationMethod: [
      { id: `${did}#ed`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ed.publicJwk },
      { id: `${did}#p256`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: p256.publicJwk },
      { id: `${did}#rsa`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } },
      { id: `${did}#multibase`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6Mk' },
    ],
    assertionMethod: [`${did}#ed`, `${did}#p256`, `${did}#rsa`, `${did}#multibase`],
  }));
  t.equal(await code(verifyJws(resolver, await sign(other.privateKey, { kid: `${DID}#ed` }))), 'badSignature');
  t.equal(await code(verifyJws(resolver, await sign(p256.privateKey, { alg: 'ES256', kid: `${DID}#ed` }))), 'unsupportedKey', 'ES256 on an Ed25519 key');
  const tampered = (await sign(ed.privateKey, { kid: `${DID}#ed` }, 'original')).split('.');
  tampered[1] = Buffer.from('changed').toString('base64url');
  t.equal(await code(verifyJws(resolver, tampered.join('.'))), 'badSignature', 'a changed payload');
  t.equal(await code(verifyJws(resolver, unsigned({ alg: 'RS256', kid: `${DID}#rsa` }))), 'unsupportedKey');
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, { kid: `${DID}#multibase` }))), 'unsupportedKey');
});

t.test('a private `d` in a published JWK is ignored: only the public members are used', async (t) => {
  const ed = await keyPair('EdDSA');
  const resolver = resolverOf((did) => ({
    id: did,
    verificationMethod: [{ id: `${did}#ed`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: { ...ed.publicJwk, d: 'AAAA' } as JWK }],
    assertionMethod: [`${did}#ed`],
  }));
  t.equal(await code(verifyJws(resolver, await sign(ed.privateKey, { kid: `${DID}#ed` }))), 'verified');
});

t.test('a claimed signer: its kid must name its DID, and without kid its only key is used', async (t) => {
  const ed = await keyPair('EdDSA');
  const other = await keyPair('EdDSA');
  const methods = (did: string, count: number) => [ed, other].slice(0, count).map((k, i) => ({ id: `#k${i}`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: k.publicJwk }));
  const oneKey = resolverOf((did) => ({ id: did, verificationMethod: methods(did, 1), capabilityInvocation: ['#k0'], assertionMethod: [] }));
  const twoKeys = resolverOf((did) => ({ id: did, verificationMethod: methods(did, 2), capabilityInvocation: ['#k0', '#k1'] }));
  const noKid = await sign(ed.privateKey, {});

  const verified = await verifyJws(oneKey, noKid, { relationship: 'capabilityInvocation', signer: DID });
  t.equal(verified.verificationMethod.id, '#k0', 'no kid: the only verification method');
  t.equal(await code(verifyJws(oneKey, noKid, { relationship: 'assertionMethod', signer: DID })), 'unauthorizedKey', 'which still needs the relationship');
  t.equal(await code(verifyJws(twoKeys, noKid, { relationship: 'capabilityInvocation', signer: DID })), 'malformed', 'no kid and two keys: refused');
  t.equal(await code(verifyJws(oneKey, noKid)), 'malformed', 'no kid without a claimed signer: refused');
  t.equal(await code(verifyJws(oneKey, await sign(other.privateKey, {}), { relationship: 'capabilityInvocation', signer: DID })), 'badSignature');
  t.equal(
    await code(verifyJws(oneKey, await sign(ed.privateKey, { kid: 'did:test:mallory#k0' }), { relationship: 'capabilityInvocation', signer: DID })),
    'wrongSigner',
    'a kid of another DID than the claimed signer',
  );
  t.equal(await code(verifyJws(oneKey, await sign(ed.privateKey, { kid: `${DID}#k0` }), { relationship: 'capabilityInvocation', signer: DID })), 'verified');
});

t.test('an imported key is reused only with the document it came from: a new document under the same kid brings its own key', async (t) => {
  const first = await keyPair('ES256');
  const second = await keyPair('ES256');
  let current = first;
  const resolver = resolverOf((did) => ({
    id: did,
    verificationMethod: [{ id: `${did}#key`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: current.publicJwk }],
    assertionMethod: [`${did}#key`],
  }));
  const byFirst = await sign(first.privateKey, { alg: 'ES256', kid: `${DID}#key` });
  const bySecond = await sign(second.privateKey, { alg: 'ES256', kid: `${DID}#key` });
  t.equal(await code(verifyJws(resolver, byFirst)), 'verified');
  t.equal(await code(verifyJws(resolver, byFirst)), 'verified', 'again, with the key imported before');
  current = second;
  t.equal(await code(verifyJws(resolver, byFirst)), 'badSignature', 'the replaced key no longer verifies');
  t.equal(await code(verifyJws(resolver, bySecond)), 'verified');
});

t.test('reads the compact JWS strictly: no extensions, no stray characters, signatures of the exact length', async (t) => {
  const ed = await keyPair('EdDSA');
  const ecdsa = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const resolver = resolverOf((did) => ({
    id: did,
    verificationMethod: [
      { id: `${did}#ed`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ed.publicJwk },
      { id: `${did}#node`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ecdsa.publicKey.export({ format: 'jwk' }) as JWK },
    ],
    assertionMethod: [`${did}#ed`, `${did}#node`],
  }));
  const good = await sign(ed.privateKey, { kid: `${DID}#ed` });
  const [header, payload, signature] = good.split('.') as [string, string, string];
  t.equal(await code(verifyJws(resolver, good)), 'verified');
  t.equal(await code(verifyJws(resolver, `${header}.${payload}.${signature}=`)), 'malformed', 'padding');
  t.equal(await code(verifyJws(resolver, `${header}.${payload}.${signature.slice(0, 10)}!${signature.slice(10)}`)), 'malformed', 'a character outside base64url');
  t.equal(await code(verifyJws(resolver, `${header}.${payload}.${signature}AAA`)), 'malformed', 'a dangling 6 bits');
  t.equal(await code(verifyJws(resolver, `${header}.${payload}.${signature}AAAA`)), 'badSignature', 'three bytes too many');
  t.equal(await code(verifyJws(resolver, `${header}.${payload}`)), 'malformed', 'two segments');
  t.equal(await code(verifyJws(resolver, `${good}.${signature}`)), 'malformed', 'four segments');
  t.equal(await code(verifyJws(resolver, `${header}.${payload}.`)), 'malformed', 'no signature');
  t.equal(await code(verifyJws(resolver, unsigned({ alg: 'EdDSA', kid: `${DID}#ed`, crit: ['exp'], exp: 1 }))), 'malformed', 'a crit extension');
  t.equal(await code(verifyJws(resolver, unsigned({ alg: 'EdDSA', kid: `${DID}#ed`, b64: false, crit: ['b64'] }))), 'malformed', 'unencoded payload (b64)');
  t.equal(await code(verifyJws(resolver, unsigned({ alg: 'none', kid: `${DID}#ed` }))), 'unsupportedKey', 'alg none');
  t.equal(await code(verifyJws(resolver, unsigned({ alg: 'toString', kid: `${DID}#ed` }))), 'unsupportedKey', 'an alg named after an Object member');
  const input = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: `${DID}#node` })).toString('base64url')}.${payload}`;
  const es = (dsaEncoding: 'der' | 'ieee-p1363') => `${input}.${nodeSign('sha256', Buffer.from(input), { key: ecdsa.privateKey, dsaEncoding }).toString('base64url')}`;
  t.equal(await code(verifyJws(resolver, es('ieee-p1363'))), 'verified', 'ES256 as r‖s');
  t.equal(await code(verifyJws(resolver, es('der'))), 'badSignature', 'ES256 in DER, not r‖s');
});

t.test('keysWithoutRelationships: a document listing no key under any relationship has its keys count under every one; nothing else changes', async (t) => {
  const ed = await keyPair('EdDSA');
  const other = await keyPair('EdDSA');
  const p256 = await keyPair('ES256');
  const methods = (did: string) => [{ id: `${did}#ed`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ed.publicJwk }];
  // As EDC IdentityHub publishes them: verificationMethod only, `authentication` an empty list.
  const edcLike = resolverOf((did) => ({ id: did, verificationMethod: methods(did), authentication: [] }));
  const bare = resolverOf((did) => ({ id: did, verificationMethod: methods(did) }));
  const withPurposes = resolverOf((did) => ({ id: did, verificationMethod: methods(did), assertionMethod: [`${did}#ed`] }));
  const accepted: string[] = [];
  const keysWithoutRelationships = { accepted: (did: string) => void accepted.push(did) };
  const token = await sign(ed.privateKey, { kid: `${DID}#ed` });
  const relationships = ['capabilityInvocation', 'authentication', 'assertionMethod'] as const;

  for (const relationship of relationships) {
    t.equal(await code(verifyJws(edcLike, token, { relationship, signer: DID })), 'unauthorizedKey', `off: refused under ${relationship}, as before`);
    t.equal(await code(verifyJws(edcLike, token, { relationship, signer: DID, keysWithoutRelationships })), 'verified', `on: accepted under ${relationship}`);
  }
  const refusal = await verifyJws(bare, token, { relationship: 'capabilityInvocation' }).catch((e: JwsVerificationError) => e);
  t.match(refusal, { code: 'unauthorizedKey', message: /lists no key under any relationship; the dataspace setting acceptKeysWithoutRelationships/ }, 'the refusal names the setting');
  t.equal(await code(verifyJws(bare, token, { relationship: 'capabilityInvocation', keysWithoutRelationships })), 'verified', 'no relationship member at all');
  t.same(accepted, [DID, DID, DID, DID], 'each acceptance is told');

  accepted.length = 0;
  t.equal(await code(verifyJws(withPurposes, token, { relationship: 'capabilityInvocation', signer: DID, keysWithoutRelationships })), 'unauthorizedKey', 'a document that states purposes is checked strictly');
  t.equal(await code(verifyJws(edcLike, await sign(ed.privateKey, { kid: 'did:test:mallory#ed' }), { relationship: 'capabilityInvocation', signer: DID, keysWithoutRelationships })), 'wrongSigner', 'a kid of another DID');
  t.equal(await code(verifyJws(edcLike, await sign(ed.privateKey, { kid: `${DID}#gone` }), { relationship: 'capabilityInvocation', signer: DID, keysWithoutRelationships })), 'unknownKey', 'a key the document lacks');
  t.equal(await code(verifyJws(edcLike, await sign(other.privateKey, { kid: `${DID}#ed` }), { relationship: 'capabilityInvocation', signer: DID, keysWithoutRelationships })), 'badSignature', 'another key\'s signature');
  t.equal(await code(verifyJws(edcLike, await sign(p256.privateKey, { alg: 'ES256', kid: `${DID}#ed` }), { relationship: 'capabilityInvocation', signer: DID, keysWithoutRelationships })), 'unsupportedKey', 'an alg that does not fit');
  t.same(accepted, [], 'refused tokens are not told as accepted');
});
