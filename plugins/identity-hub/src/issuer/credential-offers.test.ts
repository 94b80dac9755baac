/**
 * Credential offers from the issuer: the authority offers alice (another tenant) its membership
 * for a reason; alice's credential service records the offer with the CredentialObjects of the
 * metadata, and she then requests and receives the credential. Refused offers are problems: a
 * malformed body or a definition the issuer lacks (400 naming the member), a participant that
 * issues nothing (404), a holder that cannot be resolved or refuses (502 with its answer).
 */
import t from 'tap';
import { CredentialRequests } from '../credential-requests/credential-requests.ts';
import { startIssuerRuntime } from '../test-support/issuer-runtime.ts';
import { startTestParties } from '../test-support/test-parties.ts';

t.test('the issuer offers credentials to holders', async (t) => {
  const hub = await startIssuerRuntime(t);
  const parties = await startTestParties(t);
  const refusing = await parties.party('refusing', { credentialService: true });
  refusing.route('/cs/offers', () => ({ status: 403, type: 'application/problem+json', body: { status: 403, detail: 'you are not my issuer' } }));
  const authority = await hub.participant('authority');
  const alice = await hub.participant('alice');
  await hub.participant('bob');
  const definition = (
    await hub.issuerApi('POST', 'authority', '/credential-definitions', {
      credentialType: 'MembershipCredential',
      credentialSchema: 'https://schemas.example.com/membership.json',
      attestations: [{ type: 'holderAllowList', holders: [{ holder: alice.did }] }],
    })
  ).body.id as string;
  const offer = (body: unknown, issuer = 'authority') => hub.issuerApi('POST', issuer, '/offers', body);

  await t.test('alice is offered the membership, records the offer and requests it', async (t) => {
    const sent = await offer({ holderDid: alice.did, definitionIds: [definition], offerReason: 'proof-key-revocation' });
    t.equal(sent.status, 200);
    const object = {
      id: definition,
      type: 'CredentialObject',
      credentialType: 'MembershipCredential',
      credentialSchema: 'https://schemas.example.com/membership.json',
      offerReason: 'proof-key-revocation',
      bindingMethods: ['did:web'],
      profile: 'vc11-sl2021/jwt',
      issuancePolicy: { id: `${definition}-policy`, input_descriptors: [] },
    };
    t.same(sent.body, { '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'], type: 'CredentialOfferMessage', issuer: authority.did, credentials: [object] });
    t.match((await hub.api('GET', '/v1/participants/alice/credential-offers')).body, [{ issuer: authority.did, credentials: [object] }]);
    t.equal((await offer({ holderDid: alice.did, definitionIds: [definition, definition] })).body.credentials[0].offerReason, 'reissue', 'reissue by default, each definition once');
    t.equal((await offer({ holderDid: alice.did, definitionIds: [definition, definition] })).body.credentials.length, 1);
    t.ok(hub.logs.lines.some((line) => line.msg === 'credentials offered' && line.holder === alice.did && line.offerReason === 'proof-key-revocation'));

    const requests = hub.runtime.get(CredentialRequests);
    const ref = await requests.request('alice', { issuer: authority.did, credentialTypes: ['MembershipCredential'], holderPid: 'offered-membership' });
    t.equal(await hub.eventually('the offered credential', async () => ((await requests.status('alice', ref)) === 'ISSUED' ? 'ISSUED' : undefined)), 'ISSUED');
    t.equal((await hub.credentials.list('alice')).items.length, 1);
  });

  await t.test('refused offers', async (t) => {
    const bobs = (await hub.issuerApi('POST', 'bob', '/credential-definitions', { credentialType: 'BobCredential', attestations: [{ type: 'holderAllowList', holders: [{ holder: '*' }] }] })).body.id;
    const refusals: Array<[string, unknown, string]> = [
      ['no holder', { definitionIds: [definition] }, 'holderDid'],
      ['a holder that is no DID', { holderDid: 'alice', definitionIds: [definition] }, 'holderDid'],
      ['no definitions', { holderDid: alice.did, definitionIds: [] }, 'definitionIds'],
      ['a definition id that is no string', { holderDid: alice.did, definitionIds: [1] }, 'definitionIds'],
      ['another reason', { holderDid: alice.did, definitionIds: [definition], offerReason: 'because' }, 'offerReason'],
      ['an unknown definition', { holderDid: alice.did, definitionIds: [definition, 'unknown'] }, 'definitionIds[1]'],
      ['another issuer\'s definition', { holderDid: alice.did, definitionIds: [bobs] }, 'definitionIds[0]'],
    ];
    for (const [what, body, path] of refusals) {
      const answer = await offer(body);
      t.equal(answer.status, 400, what);
      t.equal(answer.headers.get('content-type'), 'application/problem+json', what);
      t.match(answer.body, { errors: [{ path }] }, what);
    }
    t.equal((await offer({ holderDid: alice.did, definitionIds: [definition], extra: 1 })).status, 400, 'an unknown member');
    t.equal((await offer({ holderDid: alice.did, definitionIds: [definition] }, 'alice')).status, 404, 'alice issues nothing');

    const refused = await offer({ holderDid: refusing.did, definitionIds: [definition] });
    t.equal(refused.status, 502);
    t.match(refused.body, { status: 502, detail: `the offer did not reach ${refusing.did}: the credential service of ${refusing.did} answered 403: you are not my issuer` });
    const nobody = 'did:web:127.0.0.1%3A1:nobody';
    t.match((await offer({ holderDid: nobody, definitionIds: [definition] })).body, { status: 502, detail: new RegExp(`^the offer did not reach ${nobody}`) });
    t.equal((await hub.api('GET', '/v1/participants/alice/credential-offers')).body.length, 3, 'alice got the three offers sent before, no more');
  });
});
