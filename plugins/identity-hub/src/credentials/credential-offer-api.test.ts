/**
 * The Credential Offer API, as the DCP TCK's credential offer tests exercise it, and the offers
 * section of the identity API. Runs on SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { startHolderAndIssuers } from '../test-support/holder-and-issuers.ts';
import { epoch, selfIssuedToken } from '../test-support/test-parties.ts';

forEachDialect(t, 'credential offers from trusted issuers that authenticate are recorded', async (t, _dialect, database) => {
  const { issuer, rogue, hub, bob, post, bearer } = await startHolderAndIssuers(t, database, { trustedTypes: ['MembershipCredential'], resource: 'offers' });
  const offerMessage = (extra: Record<string, unknown> = {}) => ({
    '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
    type: 'CredentialOfferMessage',
    issuer: issuer.did,
    credentials: [
      { id: randomUUID(), type: 'CredentialObject', credentialType: 'MembershipCredential', offerReason: 'reissue', bindingMethods: ['did:web:'], profile: 'vc11-sl2021/jwt', issuancePolicy: {} },
    ],
    ...extra,
  });

  const full = offerMessage();
  t.equal((await post(full, await bearer())).status, 200, 'an offer of the trusted issuer');
  const idsOnly = offerMessage({ credentials: [{ id: randomUUID() }, { id: randomUUID() }] });
  t.equal((await post(idsOnly, await bearer())).status, 200, 'an offer by ids only');

  const token = await bearer();
  const refusals: Array<[string, unknown, string | undefined, number]> = [
    ['no Authorization header', offerMessage(), undefined, 401],
    ['no Bearer prefix', offerMessage(), (await bearer()).slice('Bearer '.length), 401],
    ["a key that is not the issuer's", offerMessage(), await bearer({}, rogue, { kid: issuer.kid }), 401],
    ['an expired token', offerMessage(), await bearer({ exp: epoch(-3600) }), 401],
    ['iat in the future', offerMessage(), await bearer({ iat: epoch(3600) }), 401],
    ['nbf in the future', offerMessage(), await bearer({ nbf: epoch(3600) }), 401],
    ['another audience', offerMessage(), `Bearer ${await selfIssuedToken(issuer, bob.did)}`, 401],
    ['iss ≠ sub', offerMessage(), await bearer({ sub: rogue.did }), 401],
    ['a rogue issuer that authenticates', offerMessage({ issuer: rogue.did }), await bearer({}, rogue), 403],
    ['no issuer (the kit\'s invalid body)', offerMessage({ issuer: null }), await bearer(), 400],
    ['another issuer than the one that sent it', offerMessage({ issuer: rogue.did }), await bearer(), 400],
    ['another message type', offerMessage({ type: 'CredentialMessage' }), await bearer(), 400],
    ['no credentials', offerMessage({ credentials: [] }), await bearer(), 400],
    ['a credential object without id', offerMessage({ credentials: [{ type: 'CredentialObject' }] }), await bearer(), 400],
    ['a credential object of another type', offerMessage({ credentials: [{ id: 'x', type: 'Other' }] }), await bearer(), 400],
    ['bindingMethods that are no strings', offerMessage({ credentials: [{ id: 'x', bindingMethods: [1] }] }), await bearer(), 400],
    ['a body that is no object', [offerMessage()], await bearer(), 400],
  ];
  for (const [name, body, authorization, status] of refusals) {
    const answer = await post(body, authorization);
    t.equal(answer.status, status, name);
    t.match(answer.body, { status, detail: String }, `${name}: a problem`);
  }
  t.equal((await post(offerMessage(), token)).status, 200, 'a token is accepted once');
  t.equal((await post(offerMessage(), token)).status, 401, 'and refused the second time (jti)');
  t.equal((await post(offerMessage(), `Bearer ${await selfIssuedToken(issuer, 'did:web:nobody')}`, `${hub.url('protocol')}/dcp/nobody`)).status, 404, 'a participant without DID');

  const page = await hub.api('GET', '/v1/participants/alice/credential-offers');
  t.equal(page.status, 200);
  t.equal(page.headers.get('x-total-count'), '3', 'the three accepted offers, nothing refused');
  t.match(page.body[0], { id: String, participantId: 'alice', issuer: issuer.did, credentials: full.credentials, createdAt: String });
  t.same(page.body[1].credentials, idsOnly.credentials);
  const second = await hub.api('GET', '/v1/participants/alice/credential-offers?offset=1&limit=1');
  t.same(second.body.map((offer: { credentials: unknown }) => offer.credentials), [idsOnly.credentials], 'paging');
  t.same((await hub.api('GET', '/v1/participants/bob/credential-offers')).body, [], "bob sees none of alice's offers");
  t.equal((await hub.api('GET', '/v1/participants/alice/credential-offers?limit=0')).status, 400);
  t.ok((await hub.api('GET', '/openapi.json')).body.paths['/v1/participants/{participantId}/credential-offers'], 'the identity API lists the offers path');
  t.ok((await hub.api('GET', '/openapi.json', undefined, 'protocol')).body.paths['/dcp/{participantId}/offers'], 'the protocol API lists the offer path');
});
