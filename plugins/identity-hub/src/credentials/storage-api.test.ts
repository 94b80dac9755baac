/**
 * The Storage API, as the DCP TCK's credential service issuance tests exercise it, and the
 * credentials section of the identity API. Runs on SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { type DialectSettings, forEachDialect } from '@tdss/testing';
import type { Test } from 'tap';
import t from 'tap';
import { startHolderAndIssuers } from '../test-support/holder-and-issuers.ts';
import { epoch, issueVc11, issueVc20, selfIssuedToken, type TestParty } from '../test-support/test-parties.ts';

async function setUp(t: Test, database: DialectSettings) {
  const { parties, issuer, rogue, hub, alice, bob, post, bearer } = await startHolderAndIssuers(t, database, { trustedTypes: ['MembershipCredential', 'SensitiveDataCredential'], resource: 'credentials' });
  const membership = (subject = alice.did, by: TestParty = issuer, extra = {}) => issueVc11(by, { subject, type: 'MembershipCredential', ...extra });
  const credentialMessage = async (extra: Record<string, unknown> = {}) => ({
    '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
    type: 'CredentialMessage',
    issuerPid: randomUUID(),
    holderPid: randomUUID(),
    status: 'ISSUED',
    credentials: [{ credentialType: 'MembershipCredential', format: 'vc11-sl2021/jwt', payload: await membership() }],
    ...extra,
  });
  return { parties, issuer, rogue, hub, alice, bob, membership, credentialMessage, post, bearer };
}

forEachDialect(t, 'the Storage API takes credentials only from trusted issuers that authenticate', async (t, _dialect, database) => {
  const { issuer, rogue, hub, alice, bob, membership, credentialMessage, post, bearer } = await setUp(t, database);

  const accepted = await post(await credentialMessage(), await bearer());
  t.equal(accepted.status, 204, 'a CredentialMessage of the trusted issuer');
  t.equal((await hub.credentials.list('alice')).total, 1);

  const token = await bearer();
  const refusals: Array<[string, unknown, string | undefined, number]> = [
    ['no Authorization header', await credentialMessage(), undefined, 401],
    ['no Bearer prefix', await credentialMessage(), (await bearer()).replace('Bearer ', ''), 401],
    ['a key that is not the issuer\'s', await credentialMessage(), await bearer({}, rogue, { kid: issuer.kid }), 401],
    ['an expired token', await credentialMessage(), await bearer({ exp: epoch(-3600), iat: epoch(-4000) }), 401],
    ['iat in the future', await credentialMessage(), await bearer({ iat: epoch(3600) }), 401],
    ['nbf in the future', await credentialMessage(), await bearer({ nbf: epoch(3600) }), 401],
    ['another audience', await credentialMessage(), `Bearer ${await selfIssuedToken(issuer, bob.did)}`, 401],
    ['iss and sub that differ', await credentialMessage(), await bearer({ sub: rogue.did }), 401],
    ['a rogue issuer that authenticates', await credentialMessage(), await bearer({}, rogue), 403],
    ['no holderPid', await credentialMessage({ holderPid: undefined }), await bearer(), 400],
    ['an invalid status', await credentialMessage({ status: 'INVALID_STATUS' }), await bearer(), 400],
    ['another message type', await credentialMessage({ type: 'CredentialRequestMessage' }), await bearer(), 400],
    ['ISSUED without credentials', await credentialMessage({ credentials: [] }), await bearer(), 400],
    ['a JSON-LD credential', await credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format: 'json-ld', payload: '{}' }] }), await bearer(), 400],
    ['a credential about bob', await credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format: 'jwt', payload: await membership(bob.did) }] }), await bearer(), 400],
    ['a credential of the rogue issuer, delivered by the trusted one', await credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format: 'jwt', payload: await membership(alice.did, rogue) }] }), await bearer(), 400],
    ['a type the issuer is not trusted for', await credentialMessage({ credentials: [{ credentialType: 'AdminCredential', format: 'jwt', payload: await issueVc11(issuer, { subject: alice.did, type: 'AdminCredential' }) }] }), await bearer(), 400],
    ['a container type the credential does not have', await credentialMessage({ credentials: [{ credentialType: 'SensitiveDataCredential', format: 'jwt', payload: await membership() }] }), await bearer(), 400],
    ['a format the credential does not have', await credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format: 'vc20-bssl/jwt', payload: await membership() }] }), await bearer(), 400],
    ['an expired credential', await credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format: 'jwt', payload: await membership(alice.did, issuer, { jwt: { exp: epoch(-3600) } }) }] }), await bearer(), 400],
    ['a forged credential', await credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format: 'jwt', payload: `${(await membership()).slice(0, -4)}AAAA` }] }), await bearer(), 400],
    ['a valid credential next to an invalid one', await credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format: 'jwt', payload: await membership() }, { credentialType: 'MembershipCredential', format: 'jwt', payload: 'x.y' }] }), await bearer(), 400],
  ];
  for (const [name, body, authorization, status] of refusals) {
    const answer = await post(body, authorization);
    t.equal(answer.status, status, name);
    t.match(answer.body, { status, detail: String }, `${name}: a problem`);
  }
  t.equal((await hub.credentials.list('alice')).total, 1, 'nothing refused was stored, not even the valid half of a message');

  t.equal((await post(await credentialMessage(), token)).status, 204, 'a token is accepted once');
  t.equal((await post(await credentialMessage(), token)).status, 401, 'and refused the second time (jti)');

  t.equal((await post({ ...(await credentialMessage()), status: 'REJECTED', credentials: undefined, rejectionReason: 'no' }, await bearer())).status, 204, 'a rejection is acknowledged');
  t.equal((await hub.credentials.list('alice')).total, 2, 'and stores nothing');

  const id = `urn:uuid:${randomUUID()}`;
  const v2 = (level: string) => issueVc20(issuer, { subject: alice.did, type: 'SensitiveDataCredential', id, claims: { level } });
  t.equal((await post(await credentialMessage({ credentials: [{ credentialType: 'SensitiveDataCredential', format: 'vc20-bssl/jwt', payload: await v2('low') }] }), await bearer())).status, 204);
  t.equal((await post(await credentialMessage({ credentials: [{ credentialType: 'SensitiveDataCredential', format: 'vc20-bssl/jwt', payload: await v2('high') }] }), await bearer())).status, 204);
  const reissued = (await hub.credentials.list('alice')).items.filter((c) => c.credentialId === id);
  t.equal(reissued.length, 1, 'a credential delivered again under its id replaces the old entry');
  t.match((await hub.credentials.get('alice', reissued[0]!.id)).credential, { credentialSubject: { level: 'high' } });
});

forEachDialect(t, 'the identity API lists, reads and deletes credentials of one participant only', async (t, _dialect, database) => {
  const { hub, alice, bob, issuer, credentialMessage, post, bearer } = await setUp(t, database);
  for (let i = 0; i < 3; i++) t.equal((await post(await credentialMessage(), await bearer())).status, 204);
  t.equal(
    (await post(await credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format: 'jwt', payload: await issueVc11(issuer, { subject: bob.did, type: 'MembershipCredential' }) }] }), `Bearer ${await selfIssuedToken(issuer, bob.did)}`, bob.credentialService)).status,
    204,
  );

  const page = await hub.api('GET', '/v1/participants/alice/credentials?offset=1&limit=1');
  t.equal(page.status, 200);
  t.equal(page.headers.get('x-total-count'), '3');
  t.match(page.body, [{ participantId: 'alice', format: 'vc11-sl2021/jwt', types: ['VerifiableCredential', 'MembershipCredential'], issuer: issuer.did, subjectId: alice.did, issuerPid: String, holderPid: String, validFrom: String, validUntil: String, status: [] }]);
  t.notOk('raw' in page.body[0], 'the JWS is not in list answers');
  const all = (await hub.api('GET', '/v1/participants/alice/credentials')).body as Array<{ id: string }>;
  const detail = await hub.api('GET', `/v1/participants/alice/credentials/${all[0]!.id}`);
  t.match(detail.body, { id: all[0]!.id, credential: { iss: issuer.did, vc: { type: ['VerifiableCredential', 'MembershipCredential'], credentialSubject: { id: alice.did } } } });

  const bobs = (await hub.api('GET', '/v1/participants/bob/credentials')).body as Array<{ id: string }>;
  t.equal(bobs.length, 1);
  t.equal((await hub.api('GET', `/v1/participants/alice/credentials/${bobs[0]!.id}`)).status, 404, 'bob\'s entry is not alice\'s');
  t.equal((await hub.api('DELETE', `/v1/participants/alice/credentials/${bobs[0]!.id}`)).status, 404);
  t.equal((await hub.api('GET', `/v1/participants/bob/credentials/${bobs[0]!.id}`)).status, 200, 'and it is still there');

  t.equal((await hub.api('DELETE', `/v1/participants/alice/credentials/${all[0]!.id}`)).status, 204);
  t.equal((await hub.api('GET', `/v1/participants/alice/credentials/${all[0]!.id}`)).status, 404);
  t.equal((await hub.api('GET', '/v1/participants/alice/credentials')).headers.get('x-total-count'), '2');
  t.equal((await hub.api('GET', '/v1/participants/alice/credentials?limit=0')).status, 400);
  t.equal((await hub.api('GET', '/v1/participants/.x/credentials')).status, 400);

  const openapi = (await hub.api('GET', '/openapi.json')).body;
  t.ok(openapi.paths['/v1/participants/{participantId}/credentials'].get);
  t.ok(openapi.paths['/v1/participants/{participantId}/credentials/{credentialEntryId}'].delete);
  t.ok(openapi.components.schemas.IdentityCredentialDetail);
  const protocol = (await hub.api('GET', '/openapi.json', undefined, 'protocol')).body;
  t.ok(protocol.paths['/dcp/{participantId}/presentations/query'].post);
  t.ok(protocol.paths['/dcp/{participantId}/credentials'].post);
});

forEachDialect(t, 'the format names of the DCP TCK up to 1.0.0-RC6 stand for the profiles', async (t, _dialect, database) => {
  const { hub, membership, credentialMessage, post, bearer } = await setUp(t, database);
  const delivery = async (format: string) => credentialMessage({ credentials: [{ credentialType: 'MembershipCredential', format, payload: await membership() }] });
  t.equal((await post(await delivery('VC1_0_JWT'), await bearer())).status, 204, 'VC1_0_JWT for a VC 1.1 credential');
  t.match(await post(await delivery('VC2_0_JOSE'), await bearer()), { status: 400, body: { detail: /not vc20-bssl\/jwt/ } }, 'VC2_0_JOSE is not a VC 1.1 credential');
  t.match(await post(await delivery('vc1_0_jwt'), await bearer()), { status: 400, body: { detail: /format must be one of/ } }, 'names are exact');
  t.match(await hub.credentials.list('alice'), { total: 1, items: [{ format: 'vc11-sl2021/jwt' }] });
});
