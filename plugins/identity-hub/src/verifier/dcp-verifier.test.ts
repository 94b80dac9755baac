/**
 * The verifier refuses what it must. Bob verifies DSP requests. Alice is an honest participant of
 * the same runtime and carol another tenant there. Mallory is a holder outside, whose credential
 * service answers whatever presentation the test writes, with credentials of a trusted issuer,
 * an untrusted one, or forged ones.
 */
import { randomUUID } from 'node:crypto';
import type { ProblemError } from '@tdss/sdk';
import t from 'tap';
import { startDcpRuntime } from '../test-support/dcp-runtime.ts';
import { type CredentialSpec, deliver, epoch, issueVc11, issueVc20, selfIssuedToken, serveStatusList, startTestParties, type TestParty } from '../test-support/test-parties.ts';

const parties = await startTestParties(t);
const issuer = await parties.party('issuer');
const rogueIssuer = await parties.party('rogue-issuer');
const mallory = await parties.party('mallory', { credentialService: true });
const hub = await startDcpRuntime(t, { trusted: [{ issuer, types: ['MembershipCredential', 'DataProcessorCredential'] }] });
const bob = await hub.participant('bob');
const alice = await hub.participant('alice', 'P-256');
const carol = await hub.participant('carol');
t.equal((await deliver(issuer, alice, [{ type: 'MembershipCredential', payload: await issueVc11(issuer, { subject: alice.did, type: 'MembershipCredential' }) }])).status, 204);

const verify = (authorization: string | undefined, verifier = bob) =>
  hub.identity.verify({ authorization, audience: verifier.did, participantContextId: verifier.id }).then(
    (verified) => verified,
    (error: ProblemError) => error,
  );
const aliceToBob = () => hub.identity.authorize({ participantContextId: 'alice', participantId: alice.did, counterpartyId: bob.did, counterpartyAddress: '' });
/** A token signed by alice's own active key, with any claims. */
const signedByAlice = (claims: Record<string, unknown>) => hub.keys.sign('alice', JSON.stringify(claims), { typ: 'JWT' });
const aliceClaims = async () => JSON.parse(Buffer.from((await aliceToBob()).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** What mallory's credential service answers next, and the queries it received. */
let answer: { status?: number; body: unknown } = { body: {} };
const queries: Array<{ authorization: string | undefined; body: unknown }> = [];
mallory.route('/cs/presentations/query', (req, body) => {
  queries.push({ authorization: req.headers.authorization, body: JSON.parse(body) });
  return answer;
});

async function presentation(vcs: string[], claims: Record<string, unknown> = {}, signer: TestParty = mallory): Promise<string> {
  return signer.sign({ iss: mallory.did, sub: mallory.did, aud: bob.did, jti: randomUUID(), iat: epoch(), exp: epoch(300), vp: { type: ['VerifiablePresentation'], verifiableCredential: vcs }, ...claims });
}
const membershipOf = (subject: string, spec: Partial<CredentialSpec> = {}, by = issuer) => issueVc11(by, { subject, type: 'MembershipCredential', ...spec });
/** Mallory presents `presentations` to bob; returns bob's verdict. */
async function malloryPresents(presentations: unknown[], status?: number) {
  answer = { ...(status ? { status } : {}), body: { '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'PresentationResponseMessage', presentation: presentations } };
  return verify(`Bearer ${await selfIssuedToken(mallory, bob.did, { token: 'opaque-access-token' })}`);
}

t.test('an honest presentation from outside is accepted, after the query the verifier must send', async (t) => {
  const verified = await malloryPresents([await presentation([await membershipOf(mallory.did, { claims: { role: 'member' } })])]);
  t.match(verified, { participantId: mallory.did, claims: { MembershipCredential: [{ id: mallory.did, role: 'member' }] } });
  const query = queries.at(-1)!;
  t.same(query.body, {
    '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
    type: 'PresentationQueryMessage',
    scope: ['org.eclipse.dspace.dcp.vc.type:MembershipCredential:read'],
  });
  const idToken = JSON.parse(Buffer.from(query.authorization!.replace('Bearer ', '').split('.')[1]!, 'base64url').toString());
  t.match(idToken, { iss: bob.did, sub: bob.did, aud: mallory.did, token: 'opaque-access-token' }, 'bob hands the holder its access token back');
});

t.test('tokens that are missing, forged, expired, replayed or not for this verifier', async (t) => {
  const refusals: Record<string, unknown> = {
    'no header': await verify(undefined),
    'no Bearer prefix': await verify((await aliceToBob()).replace('Bearer ', '')),
    garbage: await verify('Bearer not.a.token'),
    'a changed payload': await (async () => {
      const [header, , signature] = (await aliceToBob()).replace('Bearer ', '').split('.');
      const payload = Buffer.from(JSON.stringify({ ...(await aliceClaims()), jti: randomUUID() })).toString('base64url');
      return verify(`Bearer ${header}.${payload}.${signature}`);
    })(),
    'a stranger\'s key under alice\'s kid': await verify(`Bearer ${await selfIssuedToken(mallory, bob.did, { iss: alice.did, sub: alice.did }, { kid: (JSON.parse(Buffer.from((await aliceToBob()).split('.')[0]!.replace('Bearer ', ''), 'base64url').toString()) as { kid: string }).kid })}`),
    'an unknown key of alice': await verify(`Bearer ${await selfIssuedToken(mallory, bob.did, { iss: alice.did, sub: alice.did }, { kid: `${alice.did}#not-hers` })}`),
    expired: await verify(`Bearer ${await signedByAlice({ ...(await aliceClaims()), jti: randomUUID(), iat: epoch(-3600), exp: epoch(-600) })}`),
    'not yet valid': await verify(`Bearer ${await signedByAlice({ ...(await aliceClaims()), jti: randomUUID(), nbf: epoch(3600) })}`),
    'issued in the future': await verify(`Bearer ${await signedByAlice({ ...(await aliceClaims()), jti: randomUUID(), iat: epoch(3600) })}`),
    'valid for days': await verify(`Bearer ${await signedByAlice({ ...(await aliceClaims()), jti: randomUUID(), exp: epoch(5 * 86_400) })}`),
    'iss is not sub': await verify(`Bearer ${await signedByAlice({ ...(await aliceClaims()), jti: randomUUID(), sub: carol.did })}`),
    'without jti': await verify(`Bearer ${await signedByAlice({ ...(await aliceClaims()), jti: undefined })}`),
    'without an access token': await verify(`Bearer ${await signedByAlice({ ...(await aliceClaims()), jti: randomUUID(), token: undefined })}`),
    'for carol': await verify(
      await hub.identity.authorize({ participantContextId: 'alice', participantId: alice.did, counterpartyId: carol.did, counterpartyAddress: '' }),
    ),
    'signed by carol, claiming to be alice': await verify(`Bearer ${await hub.keys.sign('carol', JSON.stringify({ ...(await aliceClaims()), jti: randomUUID() }), { typ: 'JWT' })}`),
  };
  const reasons = Object.fromEntries(Object.entries(refusals).map(([name, error]) => [name, (error as ProblemError).status === 401 ? (error as ProblemError).message : error]));
  t.match(reasons, {
    'no header': /no Authorization header/,
    'no Bearer prefix': /must be "Bearer/,
    garbage: /not a readable JWT/,
    'a changed payload': /does not verify: the signature does not verify/,
    'a stranger\'s key under alice\'s kid': /the signature does not verify/,
    'an unknown key of alice': /not-hers is not a verification method/,
    expired: /has expired/,
    'not yet valid': /not valid yet \(nbf\)/,
    'issued in the future': /issued in the future/,
    'valid for days': /expires too far in the future/,
    'iss is not sub': /iss and sub claims .* differ/,
    'without jti': /needs a jti/,
    'without an access token': /no access token/,
    'for carol': /not addressed to/,
    'signed by carol, claiming to be alice': new RegExp(`signed with a key of ${carol.did}, not of ${alice.did}`),
  });

  const honest = await aliceToBob();
  t.match(await verify(honest), { participantId: alice.did }, 'alice\'s own token passes');
  t.match(await verify(honest), { status: 401, message: /used before \(jti\)/ }, 'and only once');
  const claims = await aliceClaims();
  const sameJti = await signedByAlice({ ...claims, jti: JSON.parse(Buffer.from(honest.split('.')[1]!, 'base64url').toString()).jti });
  t.match(await verify(`Bearer ${sameJti}`), { status: 401, message: /used before/ }, 'a new token with a used jti is a replay too');
  t.match(await verify(await aliceToBob(), carol), { status: 401, message: /not addressed to/ }, 'carol does not take bob\'s token');
});

t.test('presentations whose credentials must not be trusted', async (t) => {
  const revocations = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  const oldRevocations = serveStatusList(issuer, { kind: 'StatusList2021', signed: true });
  revocations.set(5, true);
  oldRevocations.set(9, true);
  const unreachable = { ...revocations.entry(1), statusListCredential: `${parties.origin}/nowhere` };
  const verdicts: Record<string, unknown> = {
    'an untrusted issuer': await malloryPresents([await presentation([await membershipOf(mallory.did, {}, rogueIssuer)])]),
    'a trusted issuer\'s DID with another key': await malloryPresents([
      await presentation([await rogueIssuer.sign({ ...JSON.parse(Buffer.from((await membershipOf(mallory.did)).split('.')[1]!, 'base64url').toString()) }, { kid: `${issuer.did}#other` })]),
    ]),
    'an expired credential': await malloryPresents([await presentation([await membershipOf(mallory.did, { validUntil: new Date(Date.now() - 3_600_000).toISOString() })])]),
    'an expired JWT': await malloryPresents([await presentation([await membershipOf(mallory.did, { jwt: { exp: epoch(-3600) } })])]),
    'a credential not valid yet': await malloryPresents([await presentation([await membershipOf(mallory.did, { validFrom: new Date(Date.now() + 3_600_000).toISOString() })])]),
    'a revoked credential (BitstringStatusList)': await malloryPresents([await presentation([await membershipOf(mallory.did, { status: revocations.entry(5) })])]),
    'a revoked credential (StatusList2021, signed list)': await malloryPresents([await presentation([await membershipOf(mallory.did, { status: oldRevocations.entry(9) })])]),
    'a status list that cannot be fetched': await malloryPresents([await presentation([await membershipOf(mallory.did, { status: unreachable })])]),
    'a credential about alice': await malloryPresents([await presentation([await membershipOf(alice.did)])]),
    'a presentation signed by someone else': await malloryPresents([await presentation([await membershipOf(mallory.did)], {}, rogueIssuer)]),
    'a presentation for another verifier': await malloryPresents([await presentation([await membershipOf(mallory.did)], { aud: carol.did })]),
    'an expired presentation': await malloryPresents([await presentation([await membershipOf(mallory.did)], { exp: epoch(-600) })]),
    'a VC 2.0 credential in a VC 1.1 presentation': await malloryPresents([await presentation([await issueVc20(issuer, { subject: mallory.did, type: 'MembershipCredential' })])]),
    'no membership among them': await malloryPresents([await presentation([await issueVc11(issuer, { subject: mallory.did, type: 'DataProcessorCredential' })])]),
    'an empty presentation list': await malloryPresents([]),
    'a presentation that is no JWS': await malloryPresents([{ type: 'VerifiablePresentation' }]),
    'a credential service that fails': await malloryPresents([await presentation([await membershipOf(mallory.did)])], 500),
  };
  const reasons = Object.fromEntries(Object.entries(verdicts).map(([name, error]) => [name, (error as ProblemError).status === 401 ? (error as ProblemError).message : error]));
  t.match(reasons, {
    'an untrusted issuer': /no valid MembershipCredential of a trusted issuer was presented \(issuer .*rogue-issuer is not trusted for MembershipCredential in dataspace test\)/,
    'a trusted issuer\'s DID with another key': /#other is not a verification method/,
    'an expired credential': /credential expired at/,
    'an expired JWT': /credential expired at/,
    'a credential not valid yet': /not valid before/,
    'a revoked credential (BitstringStatusList)': /has been revoked/,
    'a revoked credential (StatusList2021, signed list)': /has been revoked/,
    'a status list that cannot be fetched': /status list cannot be fetched/,
    'a credential about alice': new RegExp(`is about ${alice.did}, not its holder ${mallory.did}`),
    'a presentation signed by someone else': /signed with a key of .*rogue-issuer, not of .*mallory/,
    'a presentation for another verifier': /addressed to another verifier/,
    'an expired presentation': /presentation has expired/,
    'a VC 2.0 credential in a VC 1.1 presentation': /vc20-bssl\/jwt credential is in a vc11-sl2021\/jwt presentation/,
    'no membership among them': /no valid MembershipCredential of a trusted issuer was presented$/,
    'an empty presentation list': /presented nothing/,
    'a presentation that is no JWS': /only JWT-secured presentations/,
    'a credential service that fails': /answered the presentation query with 500/,
  });
  for (const [name, verdict] of Object.entries(verdicts)) t.equal((verdict as ProblemError).status, 401, `${name}: 401`);
  t.match(hub.logs.lines.filter((line) => line.msg === 'DSP request refused: DCP verification failed').at(-1), { participantContextId: 'bob', reason: /answered the presentation query with 500/ });
});

t.test('credentials beyond what was asked for: verified, and handed on only from issuers trusted for them', async (t) => {
  const revoked = serveStatusList(rogueIssuer, { kind: 'BitstringStatusList' });
  revoked.set(1, true);
  const verdict = await malloryPresents([
    await presentation([
      await membershipOf(mallory.did),
      await issueVc11(issuer, { subject: mallory.did, type: 'DataProcessorCredential', claims: { n: 1 } }),
      await issueVc11(issuer, { subject: mallory.did, type: 'AdminCredential' }),
      await issueVc11(rogueIssuer, { subject: mallory.did, type: 'DataProcessorCredential', claims: { n: 2 }, status: revoked.entry(1) }),
    ]),
  ]);
  t.match(verdict, { participantId: mallory.did });
  t.same(
    (verdict as { claims: Record<string, unknown> }).claims,
    { MembershipCredential: [{ id: mallory.did }], DataProcessorCredential: [{ id: mallory.did, n: 1 }] },
    'an issuer not trusted for a type does not vouch for it',
  );
  t.equal(revoked.fetches, 0, 'the status lists of untrusted issuers are not fetched');
  const forgedExtra = await malloryPresents([await presentation([await membershipOf(mallory.did), `${(await issueVc11(issuer, { subject: mallory.did, type: 'DataProcessorCredential' })).slice(0, -4)}AAAA`])]);
  t.match(forgedExtra, { status: 401, message: /does not verify/ }, 'but one that does not verify makes the presentation invalid');
});

t.test('a credential the verifier checked before: a tampered copy, a revocation since and an issuer another dataspace does not trust are refused', async (t) => {
  const dataspaces = [
    { name: 'trusting', trustedIssuers: [{ did: issuer.did, credentialTypes: ['MembershipCredential'] }], requiredCredentialTypes: ['MembershipCredential'] },
    { name: 'strict', participantContexts: ['erin'], trustedIssuers: [{ did: rogueIssuer.did, credentialTypes: ['MembershipCredential'] }], requiredCredentialTypes: ['MembershipCredential'] },
  ];
  const fresh = await startDcpRuntime(t, { settings: { dataspaces, statusListCacheTtlMs: 0 } });
  const dan = await fresh.participant('dan');
  const erin = await fresh.participant('erin');
  const revocations = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  const presentTo = async (verifier: { id: string; did: string }, vc: string) => {
    answer = { body: { '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'PresentationResponseMessage', presentation: [await presentation([vc], { aud: verifier.did })] } };
    const authorization = `Bearer ${await selfIssuedToken(mallory, verifier.did, { token: 'opaque-access-token' })}`;
    return fresh.identity.verify({ authorization, audience: verifier.did, participantContextId: verifier.id }).catch((error: ProblemError) => error);
  };
  const credential = await membershipOf(mallory.did, { status: revocations.entry(3), claims: { level: 'gold' } });
  t.match(await presentTo(dan, credential), { participantId: mallory.did, claims: { MembershipCredential: [{ level: 'gold' }] } });
  t.match(await presentTo(dan, credential), { participantId: mallory.did }, 'again, its signature check remembered');

  const [header, payload, signature] = credential.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { vc: { credentialSubject: Record<string, unknown> } };
  claims.vc.credentialSubject.level = 'platinum';
  const upgraded = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  t.match(await presentTo(dan, upgraded), { status: 401, message: /does not verify/ }, 'the genuine signature on a changed payload');
  t.match(await presentTo(erin, credential), { status: 401, message: /is not trusted for MembershipCredential in dataspace strict/ }, 'a dataspace that does not trust the issuer');

  const fetches = revocations.fetches;
  revocations.set(3, true);
  t.match(await presentTo(dan, credential), { status: 401, message: /has been revoked/ }, 'revoked since it was remembered');
  t.equal(revocations.fetches, fetches + 1, 'the status list is read again');
});

t.test('a participant without a dataspace trusts no one', async (t) => {
  const lonely = await startDcpRuntime(t, { settings: { dataspaces: [{ name: 'other', participantContexts: ['someone-else'], trustedIssuers: [], requiredCredentialTypes: ['MembershipCredential'] }] } });
  const dave = await lonely.participant('dave');
  const verdict = await lonely.identity
    .verify({ authorization: await hub.identity.authorize({ participantContextId: 'alice', participantId: alice.did, counterpartyId: dave.did, counterpartyAddress: '' }), audience: dave.did, participantContextId: 'dave' })
    .catch((e: ProblemError) => e);
  t.match(verdict, { status: 401, message: /belongs to no configured dataspace/ });
});
