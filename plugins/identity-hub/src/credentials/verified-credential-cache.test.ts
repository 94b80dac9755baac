/**
 * The verifier's cache of checked credential signatures (verifyCredential with a cache) saves
 * work and nothing else: a tampered copy, a credential checked under an issuer document that has
 * since changed, an expired credential or one about someone else are refused as without it.
 */
import { CompactSign, type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import t from 'tap';
import { createDidResolver } from '../resolver/create-did-resolver.ts';
import { createResolutionCache } from '../resolver/resolution-cache.ts';
import { epoch } from '../test-support/test-parties.ts';
import { InvalidCredentialError, type ParsedCredential } from './parsed-credential.ts';
import { createVerifiedCredentialCache } from './verified-credential-cache.ts';
import { type CredentialChecks, verifyCredential } from './verify-credential.ts';

const ISSUER = 'did:test:issuer';
const HOLDER = 'did:test:holder';

async function keyPair() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

let issuerKey: JWK;
const resolver = createDidResolver({
  resolvers: [
    {
      method: 'test',
      resolve: async (did) => ({
        id: did,
        verificationMethod: [{ id: `${did}#key`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: issuerKey }],
        assertionMethod: [`${did}#key`],
      }),
    },
  ],
  cache: createResolutionCache({ ttlMs: 3_600_000, maxEntries: 10 }),
  timeoutMs: 1_000,
});

const issue = (key: CryptoKey, claims: Record<string, unknown> = {}) =>
  new CompactSign(
    new TextEncoder().encode(
      JSON.stringify({
        iss: ISSUER,
        sub: HOLDER,
        exp: epoch(3600),
        vc: { type: ['VerifiableCredential', 'MembershipCredential'], issuer: ISSUER, credentialSubject: { id: HOLDER, level: 'gold' } },
        ...claims,
      }),
    ),
  )
    .setProtectedHeader({ alg: 'ES256', kid: `${ISSUER}#key` })
    .sign(key);

async function verdict(raw: string, checks: CredentialChecks): Promise<ParsedCredential | string> {
  return verifyCredential(raw, checks).catch((error: unknown) => (error instanceof InvalidCredentialError ? error.message : Promise.reject(error)));
}

t.test('a tampered copy of a cached credential is refused, and the genuine one still passes', async (t) => {
  const issuer = await keyPair();
  issuerKey = issuer.publicJwk;
  resolver.evict(ISSUER);
  const checks: CredentialChecks = { resolver, holder: HOLDER, now: new Date(), clockSkewMs: 0, cache: createVerifiedCredentialCache({ maxEntries: 10 }) };
  const genuine = await issue(issuer.privateKey);
  const first = await verdict(genuine, checks);
  t.match(first, { issuer: ISSUER, subjectId: HOLDER });
  t.equal(await verdict(genuine, checks), first, 'the second time comes from the cache');
  t.ok(Object.isFrozen((first as ParsedCredential).subjects[0]), 'frozen: no caller changes what the next one reads');

  const [header, payload, signature] = genuine.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { vc: { credentialSubject: Record<string, unknown> } };
  claims.vc.credentialSubject.level = 'platinum';
  const otherPayload = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  t.match(await verdict(otherPayload, checks), /does not verify: the signature does not verify/, 'the genuine signature on a changed payload');
  const forger = await keyPair();
  t.match(await verdict(await issue(forger.privateKey), checks), /does not verify/, 'the same claims signed by another key under the issuer kid');
  const [, , forgedSignature] = (await issue(forger.privateKey)).split('.');
  t.match(await verdict(`${header}.${payload}.${forgedSignature}`, checks), /does not verify/, 'the genuine header and payload with another signature');
  t.match(await verdict(`${genuine}AAAA`, checks), /does not verify/, 'the genuine JWS with bytes appended');
  t.equal(await verdict(genuine, checks), first, 'the genuine one still passes');
});

t.test('a cached credential is checked again once the issuer document changes (key rotation or revocation)', async (t) => {
  const before = await keyPair();
  issuerKey = before.publicJwk;
  resolver.evict(ISSUER);
  const checks: CredentialChecks = { resolver, holder: HOLDER, now: new Date(), clockSkewMs: 0, cache: createVerifiedCredentialCache({ maxEntries: 10 }) };
  const signedBefore = await issue(before.privateKey);
  t.match(await verdict(signedBefore, checks), { issuer: ISSUER });
  const after = await keyPair();
  issuerKey = after.publicJwk;
  t.match(await verdict(signedBefore, checks), { issuer: ISSUER }, 'while the resolver serves the old document, as without the cache');
  resolver.evict(ISSUER);
  t.match(await verdict(signedBefore, checks), /does not verify/, 'the rotated-out key verifies no more once the document is resolved again');
  t.match(await verdict(await issue(after.privateKey), checks), { issuer: ISSUER }, 'the new key does');
});

t.test('validity and subject are checked on every use of a cached credential', async (t) => {
  const issuer = await keyPair();
  issuerKey = issuer.publicJwk;
  resolver.evict(ISSUER);
  const cache = createVerifiedCredentialCache({ maxEntries: 10 });
  const now = new Date();
  const credential = await issue(issuer.privateKey, { exp: epoch(60) });
  t.match(await verdict(credential, { resolver, holder: HOLDER, now, clockSkewMs: 0, cache }), { issuer: ISSUER });
  t.match(await verdict(credential, { resolver, holder: HOLDER, now: new Date(now.getTime() + 120_000), clockSkewMs: 0, cache }), /expired at/, 'expired since');
  t.match(await verdict(credential, { resolver, holder: 'did:test:mallory', now, clockSkewMs: 0, cache }), /not its holder/, 'presented by someone else');
});

t.test('the least recently used entry goes first', async (t) => {
  const issuer = await keyPair();
  issuerKey = issuer.publicJwk;
  resolver.evict(ISSUER);
  const cache = createVerifiedCredentialCache({ maxEntries: 2 });
  const checks: CredentialChecks = { resolver, holder: HOLDER, now: new Date(), clockSkewMs: 0, cache };
  const [a, b, c] = await Promise.all([1, 2, 3].map((n) => issue(issuer.privateKey, { jti: `urn:${n}` })));
  for (const raw of [a!, b!, a!, c!]) await verifyCredential(raw, checks);
  t.ok(cache.get(a!), 'used last but one: kept');
  t.notOk(cache.get(b!), 'least recently used: gone');
  t.ok(cache.get(c!));
});

t.test('with a resolver that caches nothing, a credential seen before costs one resolution of its issuer, as without the cache', async (t) => {
  const issuer = await keyPair();
  issuerKey = issuer.publicJwk;
  let resolutions = 0;
  const uncached = createDidResolver({
    resolvers: [
      {
        method: 'test',
        resolve: async (did) => {
          resolutions++;
          return { id: did, verificationMethod: [{ id: `${did}#key`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: issuerKey }], assertionMethod: [`${did}#key`] };
        },
      },
    ],
    cache: createResolutionCache({ ttlMs: 0, maxEntries: 10 }),
    timeoutMs: 1_000,
  });
  const checks: CredentialChecks = { resolver: uncached, holder: HOLDER, now: new Date(), clockSkewMs: 0, cache: createVerifiedCredentialCache({ maxEntries: 10 }) };
  const credential = await issue(issuer.privateKey);
  for (let i = 0; i < 3; i++) t.match(await verdict(credential, checks), { issuer: ISSUER });
  t.equal(resolutions, 3);
});
