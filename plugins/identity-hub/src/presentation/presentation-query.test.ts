/**
 * The holder side of the Resolution API over HTTP, with a verifier outside the runtime that
 * obtained an access token from alice's STS, as the DCP TCK's credential service tests do.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import t from 'tap';
import { parseCredential } from '../credentials/parse-credential.ts';
import { startDcpRuntime } from '../test-support/dcp-runtime.ts';
import { deliver, epoch, issueVc11, issueVc20, selfIssuedToken, startTestParties, type TestParty } from '../test-support/test-parties.ts';
import { verifyJws } from '../verify/verify-jws.ts';
import { typeScope } from './scopes.ts';

const MEMBERSHIP = typeScope('MembershipCredential');
const SENSITIVE = typeScope('SensitiveDataCredential');
const PROCESSOR = typeScope('DataProcessorCredential');

const parties = await startTestParties(t);
const issuer = await parties.party('issuer');
const verifier = await parties.party('verifier');
const stranger = await parties.party('stranger');
const hub = await startDcpRuntime(t, { trusted: [{ issuer, types: ['*'] }] });
const alice = await hub.participant('alice', 'P-256');
const carol = await hub.participant('carol');
const membershipId = `urn:uuid:${randomUUID()}`;
t.equal(
  (
    await deliver(issuer, alice, [
      { type: 'MembershipCredential', payload: await issueVc11(issuer, { subject: alice.did, type: 'MembershipCredential', id: membershipId }) },
      { type: 'SensitiveDataCredential', payload: await issueVc11(issuer, { subject: alice.did, type: 'SensitiveDataCredential' }) },
      { type: 'DataProcessorCredential', payload: await issueVc20(issuer, { subject: alice.did, type: 'DataProcessorCredential' }), format: 'vc20-bssl/jwt' },
    ])
  ).status,
  204,
);

/** The access token alice's STS grants `to` for `scopes`. */
async function accessToken(scopes: string[], to: string = verifier.did, holder = 'alice'): Promise<string> {
  const { token } = await hub.sts.createToken(holder, { audience: to, bearerAccessScopes: scopes });
  return decodeJwt(token).token as string;
}

async function query(body: unknown, authorization?: string, path = `${alice.credentialService}/presentations/query`) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const message = (extra: Record<string, unknown>) => ({ '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'PresentationQueryMessage', ...extra });
const bearer = async (token: string, by: TestParty = verifier, claims: Record<string, unknown> = {}) => `Bearer ${await selfIssuedToken(by, alice.did, { token, ...claims })}`;

/** The credential types in the presentations of a response, after verifying each presentation. */
async function presentedTypes(presentations: string[]): Promise<string[][]> {
  const types: string[][] = [];
  for (const vp of presentations) {
    await verifyJws(hub.resolver, vp, { relationship: 'authentication', signer: alice.did });
    const claims = decodeJwt(vp) as Record<string, any>;
    const credentials: string[] = claims.vp ? claims.vp.verifiableCredential : claims.verifiableCredential.map((e: { id: string }) => e.id.replace('data:application/vc+jwt,', ''));
    types.push(...credentials.map((raw) => parseCredential(raw).types.slice(1)));
  }
  return types;
}

t.test('credentials of the granted and requested types, one presentation per format', async (t) => {
  const answer = await query(message({ scope: [MEMBERSHIP] }), await bearer(await accessToken([MEMBERSHIP])));
  t.equal(answer.status, 200);
  t.same(answer.body['@context'], ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld']);
  t.equal(answer.body.type, 'PresentationResponseMessage');
  t.equal(answer.body.presentation.length, 1);
  const vp = answer.body.presentation[0] as string;
  t.match(decodeProtectedHeader(vp), { alg: 'ES256', typ: 'JWT', kid: new RegExp(`^${alice.did}#`) });
  t.match(decodeJwt(vp), { iss: alice.did, sub: alice.did, aud: verifier.did, jti: String, exp: Number, vp: { type: ['VerifiablePresentation'], holder: alice.did } });
  t.same(await presentedTypes(answer.body.presentation), [['MembershipCredential']]);

  const both = await query(message({ scope: [MEMBERSHIP, PROCESSOR] }), await bearer(await accessToken([MEMBERSHIP, PROCESSOR])));
  t.equal(both.body.presentation.length, 2, 'a VC 1.1 and a VC 2.0 presentation');
  const v2 = both.body.presentation.find((p: string) => decodeProtectedHeader(p).typ === 'vp+jwt') as string;
  t.match(decodeJwt(v2), {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiablePresentation'],
    holder: alice.did,
    aud: verifier.did,
    verifiableCredential: [{ type: 'EnvelopedVerifiableCredential', id: /^data:application\/vc\+jwt,ey/ }],
  });
  t.same((await presentedTypes(both.body.presentation)).sort(), [['DataProcessorCredential'], ['MembershipCredential']]);

  const byId = await query(message({ scope: [`org.eclipse.dspace.dcp.vc.id:${membershipId}:read`] }), await bearer(await accessToken([`org.eclipse.dspace.dcp.vc.id:${membershipId}`])));
  t.same(await presentedTypes(byId.body.presentation), [['MembershipCredential']], 'a credential by id (the scope with and without :read is the same)');
});

t.test('fewer scopes than granted, and none beyond what was granted', async (t) => {
  const fewer = await query(message({ scope: [SENSITIVE] }), await bearer(await accessToken([MEMBERSHIP, SENSITIVE])));
  t.same(await presentedTypes(fewer.body.presentation), [['SensitiveDataCredential']]);
  const escalation = await query(message({ scope: [MEMBERSHIP, SENSITIVE] }), await bearer(await accessToken([MEMBERSHIP])));
  t.equal(escalation.status, 200);
  t.same(await presentedTypes(escalation.body.presentation), [['MembershipCredential']], 'the ungranted scope is left out');
  const nothing = await query(message({ scope: [SENSITIVE, 'org.example.unknown:x'] }), await bearer(await accessToken([MEMBERSHIP])));
  t.same([nothing.status, nothing.body.presentation], [200, []], 'no granted scope: an empty list');
});

t.test('credentials that expired in the wallet, or are not valid yet, stay home', async (t) => {
  // Stored directly: the Storage API would refuse them, but a stored credential expires in place.
  const type = 'TimedCredential';
  await hub.credentials.store('alice', parseCredential(await issueVc11(issuer, { subject: alice.did, type, claims: { n: 1 }, jwt: { exp: epoch(-1) } })));
  await hub.credentials.store('alice', parseCredential(await issueVc11(issuer, { subject: alice.did, type, claims: { n: 2 }, validFrom: new Date(Date.now() + 3_600_000).toISOString() })));
  await hub.credentials.store('alice', parseCredential(await issueVc11(issuer, { subject: alice.did, type, claims: { n: 3 } })));
  const answer = await query(message({ scope: [typeScope(type)] }), await bearer(await accessToken([typeScope(type)])));
  const vcs = (decodeJwt(answer.body.presentation[0]) as { vp: { verifiableCredential: string[] } }).vp.verifiableCredential;
  t.same(vcs.map((raw) => parseCredential(raw).subjects[0]!.n), [3], 'only the valid one');
});

t.test('malformed queries and presentation definitions', async (t) => {
  const definition = { id: randomUUID(), input_descriptors: [{ id: 'credential', constraints: { fields: [{ path: ['$.type'] }] } }] };
  const cases: Array<[string, unknown, number]> = [
    ['scope and presentationDefinition', message({ scope: [MEMBERSHIP], presentationDefinition: definition }), 400],
    ['an empty presentationDefinition', message({ presentationDefinition: {} }), 400],
    ['a null presentationDefinition', message({ presentationDefinition: null }), 400],
    ['an empty scope', message({ scope: [] }), 400],
    ['no scope', message({}), 400],
    ['a scope that is no list of strings', message({ scope: [1] }), 400],
    ['another message type', { type: 'CredentialMessage', scope: [MEMBERSHIP] }, 400],
    ['a presentation definition', message({ presentationDefinition: definition }), 501],
  ];
  for (const [name, body, status] of cases) {
    const answer = await query(body, await bearer(await accessToken([MEMBERSHIP])));
    t.equal(answer.status, status, name);
    t.equal(answer.body.status, status, `${name}: a problem`);
  }
  const text = await fetch(`${alice.credentialService}/presentations/query`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: await bearer(await accessToken([MEMBERSHIP])) },
    body: 'scope',
  });
  t.equal(text.status, 415, 'a body that is not JSON');
});

t.test('who may query: the verifier the access token names, with a valid token of its own', async (t) => {
  const granted = await accessToken([MEMBERSHIP]);
  const foreign = await accessToken([MEMBERSHIP], verifier.did, 'carol');
  const unsigned = async (claims: Record<string, unknown>) => hub.keys.sign('alice', JSON.stringify({ iss: alice.did, aud: alice.did, sub: verifier.did, scope: MEMBERSHIP, jti: randomUUID(), iat: epoch(), ...claims }), { typ: 'at+jwt' });
  const cases: Array<[string, string | undefined]> = [
    ['no Authorization header', undefined],
    ['no Bearer prefix', (await bearer(granted)).replace('Bearer ', '')],
    ['a fake access token', await bearer('faketoken')],
    ['no access token', `Bearer ${await selfIssuedToken(verifier, alice.did)}`],
    ['the access token presented by a third party', await bearer(granted, stranger)],
    ['an access token of carol\'s', await bearer(foreign)],
    ['an expired access token', await bearer(await unsigned({ exp: epoch(-600) }))],
    ['an access token that is not typed at+jwt', await bearer(await hub.keys.sign('alice', JSON.stringify({ iss: alice.did, aud: alice.did, sub: verifier.did, scope: MEMBERSHIP, iat: epoch(), exp: epoch(60) }), { typ: 'JWT' }))],
    ['an ID token for another audience', `Bearer ${await selfIssuedToken(verifier, verifier.did, { token: granted })}`],
    ['iss and sub that differ', `Bearer ${await selfIssuedToken(verifier, alice.did, { token: granted, sub: stranger.did })}`],
    ['nbf in the future', await bearer(granted, verifier, { nbf: epoch(10_000) })],
    ['an expired ID token', await bearer(granted, verifier, { exp: epoch(-10_000) })],
  ];
  for (const [name, authorization] of cases) {
    const answer = await query(message({ scope: [MEMBERSHIP] }), authorization);
    t.equal(answer.status, 401, name);
  }
  const noKid = `Bearer ${await selfIssuedToken(verifier, alice.did, { token: granted }, { kid: null })}`;
  t.equal((await query(message({ scope: [MEMBERSHIP] }), noKid)).status, 200, 'a token without kid verifies with the issuer\'s only key');
  t.equal((await query(message({ scope: [MEMBERSHIP] }), noKid)).status, 401, 'and its jti is then used');
  t.equal((await query(message({ scope: [MEMBERSHIP] }), await bearer(granted))).status, 200, 'the access token itself can serve several queries while valid');
});

t.test('paths without a credential service', async (t) => {
  const authorization = await bearer(await accessToken([MEMBERSHIP]));
  t.equal((await query(message({ scope: [MEMBERSHIP] }), authorization, `${hub.url('protocol')}/dcp/nobody/presentations/query`)).status, 404);
  t.equal((await query(message({ scope: [MEMBERSHIP] }), authorization, `${hub.url('protocol')}/dcp/.hidden/presentations/query`)).status, 404);
  t.equal((await query(message({ scope: [MEMBERSHIP] }), authorization, `${carol.credentialService}/presentations/query`)).status, 401, 'carol is not the audience');
});
