/**
 * Issuance end to end in one runtime: the authority tenant defines a MembershipCredential, alice
 * gets it through the identity-hub.request-credentials workflow activity, and then passes bob's
 * DCP verification on a real DSP catalog request whose policy reads the credential's claim. After
 * the authority revokes it, bob refuses her. Carol, not on the allow list, is rejected with the
 * reason; an operator-approved credential waits for the operator; one issuer tenant cannot reach
 * another tenant's issuer data; no private key shows in any log line or answer.
 */
import controlPlane from '@tdss/control-plane';
import policyEngine from '@tdss/policy-engine';
import { forEachDialect } from '@tdss/testing';
import { decodeJwt } from 'jose';
import t from 'tap';
import { REQUEST_CREDENTIALS, type RequestCredentialsOutput } from '../credential-requests/request-credentials-activity.ts';
import { CredentialRequests } from '../credential-requests/credential-requests.ts';
import { startIssuerRuntime } from '../test-support/issuer-runtime.ts';
import { offerMembersOnlyCatalog, requestCatalog as requestCatalogOf } from '../test-support/members-catalog.ts';
import { IssuerService } from './issuer-service.ts';

const membership = (holders: string[]) => ({
  credentialType: 'MembershipCredential',
  claims: { level: 'gold' },
  validitySeconds: 3600,
  attestations: [{ type: 'holderAllowList', holders: holders.map((holder) => ({ holder })) }],
});

forEachDialect(t, 'a tenant gets its membership from the dataspace authority and uses it', async (t, _dialect, database) => {
  const hub = await startIssuerRuntime(t, { database, plugins: [policyEngine, controlPlane] });
  const issuer = hub.runtime.get(IssuerService);
  const authority = await hub.participant('authority');
  const alice = await hub.participant('alice');
  const bob = await hub.participant('bob');
  const carol = await hub.participant('carol');
  t.equal(hub.issuer, authority.did);

  t.notOk((await hub.dids.document('authority'))!.service!.some((s) => s.type === 'IssuerService'), 'no IssuerService before a definition');
  const created = await hub.issuerApi('POST', 'authority', '/credential-definitions', membership([alice.did, 'did:web:127.0.0.1%3A*:identity:bob']));
  t.equal(created.status, 201);
  t.equal(created.headers.get('location'), `/management/v1/participants/authority/issuer/credential-definitions/${created.body.id}`);
  t.match(created.body, { participantId: 'authority', credentialType: 'MembershipCredential', format: 'vc11-sl2021/jwt', validitySeconds: 3600, claims: { level: 'gold' } });
  const issuerBase = `${hub.url('protocol')}/dcp/authority/issuer`;
  t.match((await hub.dids.document('authority'))!.service, [{ type: 'CredentialService' }, { id: `${authority.did}#issuer-service`, type: 'IssuerService', serviceEndpoint: issuerBase }]);
  t.notOk((await hub.dids.document('alice'))!.service!.some((s) => s.type === 'IssuerService'), 'only the issuing tenant has the entry');

  const metadata = await hub.api('GET', '/dcp/authority/issuer/metadata', undefined, 'protocol');
  t.match(metadata.body, {
    '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
    type: 'IssuerMetadata',
    issuer: authority.did,
    credentialsSupported: [{ id: created.body.id, type: 'CredentialObject', credentialType: 'MembershipCredential', profile: 'vc11-sl2021/jwt', bindingMethods: ['did:web'] }],
  });
  t.equal((await hub.api('GET', '/dcp/alice/issuer/metadata', undefined, 'protocol')).status, 404, 'alice issues nothing');

  t.test('the workflow activity brings alice her membership, once', async (t) => {
    const provision = { name: 'provision-test', activities: [{ id: 'credentials', activity: REQUEST_CREDENTIALS }] };
    const id = await hub.workflows.start(provision, { tenantId: 'alice' }, { tenantId: 'alice', id: 'provision:alice' });
    const end = await hub.ended(id);
    t.equal(end.state, 'COMPLETED', end.error ?? '');
    const output = end.outputs.credentials as RequestCredentialsOutput;
    t.match(output, { issuer: authority.did, request: { issuer: authority.did, credentialTypes: ['MembershipCredential'] }, credentials: [{ type: 'MembershipCredential', credentialEntryId: String }] });
    const entry = await hub.credentials.get('alice', output.credentials[0]!.credentialEntryId);
    t.match(entry, { issuer: authority.did, subjectId: alice.did, types: ['VerifiableCredential', 'MembershipCredential'], format: 'vc11-sl2021/jwt', issuerPid: output.request!.issuerPid, holderPid: output.request!.holderPid });
    t.match(entry.status, [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: new RegExp(`^${issuerBase}/status-lists/`) }]);
    t.match(decodeJwt((await hub.credentials.presentable('alice'))[0]!.raw).vc, { credentialSubject: { id: alice.did, level: 'gold' } });

    const again = await hub.ended(await hub.workflows.start(provision, { tenantId: 'alice' }, { tenantId: 'alice', id: 'provision:alice:again' }));
    t.match(again.outputs.credentials, { request: null, credentials: output.credentials }, 'a second run finds the credential in the wallet and requests nothing');
    const requests = await hub.issuerApi('GET', 'authority', '/requests');
    t.equal(requests.headers.get('x-total-count'), '1', 'the issuer received one request');
    t.match(requests.body, [{ holderDid: alice.did, holderPid: output.request!.holderPid, state: 'ISSUED', status: 'ISSUED' }]);
  });

  t.test('bob\'s DSP catalog needs that membership; once revoked, alice is refused', async (t) => {
    t.equal((await hub.api('POST', '/v1/participants', { id: 'alice', participantId: alice.did })).status, 201);
    await offerMembersOnlyCatalog(t, hub, 'bob', bob.did);
    const requestCatalog = () => requestCatalogOf({ identity: hub.identity, ...alice }, { protocolUrl: hub.url('protocol'), ...bob });
    const catalog = await requestCatalog();
    t.equal(catalog.status, 200);
    t.same(catalog.body.dataset.map((d: { '@id': string }) => d['@id']), ['report'], 'the members-only dataset is offered to alice');

    const issued = await hub.issuerApi('GET', 'authority', `/credentials?holderDid=${encodeURIComponent(alice.did)}&revoked=false`);
    t.equal(issued.body.length, 1);
    const revoked = await hub.issuerApi('POST', 'authority', `/credentials/${issued.body[0].id}/revoke`);
    t.match(revoked, { status: 200, body: { revokedAt: String } });
    t.equal((await hub.issuerApi('POST', 'authority', `/credentials/${issued.body[0].id}/revoke`)).body.revokedAt, revoked.body.revokedAt, 'revoking twice changes nothing');
    const refused = await requestCatalog();
    t.equal(refused.status, 401, 'bob refuses the revoked membership');
    const refusal = hub.logs.lines.find((line) => line.msg === 'DSP request refused: DCP verification failed' && line.participantContextId === 'bob');
    t.match(refusal?.reason, /revoked/, 'the refusal names the revocation');
    t.equal((await hub.issuerApi('GET', 'authority', '/credentials?revoked=true')).headers.get('x-total-count'), '1');
  });

  t.test('carol is not on the allow list: rejected with the reason', async (t) => {
    const end = await hub.ended(await hub.workflows.start({ name: 'provision-test', activities: [{ id: 'credentials', activity: REQUEST_CREDENTIALS }] }, { tenantId: 'carol' }, { tenantId: 'carol', id: 'provision:carol' }));
    t.equal(end.state, 'FAILED');
    t.match(end.error, new RegExp(`${authority.did} rejected the request for MembershipCredential`));
    const [request] = (await hub.issuerApi('GET', 'authority', `/requests?holderDid=${encodeURIComponent(carol.did)}`)).body;
    t.match(request, { state: 'REJECTED', status: 'REJECTED', rejectionReason: `${carol.did} is not allowed to hold a MembershipCredential` });
    t.ok(hub.logs.lines.some((line) => line.msg === 'credential request rejected by the issuer' && line.participantId === 'carol'), 'carol\'s credential service was told');
    t.equal((await hub.credentials.list('carol')).total, 0);

    const [definition] = (await hub.issuerApi('GET', 'authority', '/credential-definitions')).body;
    const updated = await hub.issuerApi('PUT', 'authority', `/credential-definitions/${definition.id}`, membership([alice.did, 'did:web:127.0.0.1%3A*:identity:bob', carol.did]));
    t.match(updated, { status: 200, body: { id: definition.id, attestations: [{ holders: [{}, {}, { holder: carol.did }] }] } }, 'the operator adds carol to the allow list');
    t.equal((await hub.issuerApi('PUT', 'authority', `/credential-definitions/${definition.id}`, { ...membership([]), credentialType: 'OtherCredential' })).status, 400, 'an empty allow list');
    t.equal((await hub.issuerApi('PUT', 'authority', `/credential-definitions/${definition.id}`, { ...membership([carol.did]), credentialType: 'OtherCredential' })).status, 409, 'the type stays');
    const retried = await hub.ended(await hub.workflows.start({ name: 'provision-test', activities: [{ id: 'credentials', activity: REQUEST_CREDENTIALS }] }, { tenantId: 'carol' }, { tenantId: 'carol', id: 'provision:carol:again' }));
    t.equal(retried.state, 'COMPLETED', 'now carol gets it');
    t.equal((await hub.credentials.list('carol')).total, 1);
  });

  t.test('an operator approves or rejects', async (t) => {
    const audit = await hub.issuerApi('POST', 'authority', '/credential-definitions', {
      credentialType: 'AuditCredential',
      format: 'vc20-bssl/jwt',
      attestations: [{ type: 'operatorApproval' }, { type: 'holderAllowList', holders: [{ holder: 'did:web:*', claims: { auditor: 'authority' } }] }],
    });
    t.equal(audit.status, 201);
    const requests = hub.runtime.get(CredentialRequests);
    const ref = await requests.request('alice', { issuer: authority.did, credentialTypes: ['AuditCredential'], holderPid: 'alice-audit' });
    t.equal(await requests.status('alice', ref), 'RECEIVED');
    t.match((await hub.issuerApi('GET', 'authority', `/requests/${ref.issuerPid}`)).body, { state: 'PENDING_APPROVAL', status: 'RECEIVED' });
    t.same(await requests.request('alice', { issuer: authority.did, credentialTypes: ['AuditCredential'], holderPid: 'alice-audit' }), ref, 'the same holderPid finds the same request');
    t.match(await hub.issuerApi('POST', 'authority', `/requests/${ref.issuerPid}/approve`), { status: 200, body: { state: 'ISSUING' } });
    await hub.eventually('the approved credential', async () => (await requests.status('alice', ref)) === 'ISSUED');
    const wallet = await hub.credentials.presentable('alice');
    const auditCredential = wallet.find((c) => c.types.includes('AuditCredential'))!;
    t.match(auditCredential, { format: 'vc20-bssl/jwt', issuer: authority.did, holderPid: 'alice-audit' });
    t.match(decodeJwt(auditCredential.raw), { credentialSubject: { id: alice.did, auditor: 'authority' }, credentialStatus: { type: 'BitstringStatusListEntry' } });
    t.equal((await hub.issuerApi('POST', 'authority', `/requests/${ref.issuerPid}/approve`)).status, 409, 'an issued request cannot be decided again');

    const bobRef = await requests.request('bob', { issuer: authority.did, credentialTypes: ['AuditCredential'], holderPid: 'bob-audit' });
    t.equal((await hub.issuerApi('POST', 'authority', `/requests/${bobRef.issuerPid}/reject`, {})).status, 400, 'a rejection needs a reason');
    t.match(await hub.issuerApi('POST', 'authority', `/requests/${bobRef.issuerPid}/reject`, { reason: 'no audit contract' }), { status: 200, body: { state: 'REJECTING', rejectionReason: 'no audit contract' } });
    await hub.eventually('the rejection', async () => (await requests.status('bob', bobRef)) === 'REJECTED');
    t.ok(hub.logs.lines.some((line) => line.msg === 'credential request rejected by the issuer' && line.participantId === 'bob'));
  });

  t.test('the management API: pages, filters, errors', async (t) => {
    const page = await hub.issuerApi('GET', 'authority', '/credential-definitions?limit=1');
    t.equal(page.headers.get('x-total-count'), '2');
    t.match(page.headers.get('link'), /limit=1&offset=1>; rel="next"/);
    t.match((await hub.issuerApi('GET', 'authority', '/credential-definitions?credentialType=AuditCredential')).body, [{ credentialType: 'AuditCredential', format: 'vc20-bssl/jwt' }]);
    t.same((await hub.issuerApi('GET', 'authority', '/credential-definitions?format=vc20-bssl/jwt&credentialType=MembershipCredential')).body, []);
    t.equal((await hub.issuerApi('GET', 'authority', '/requests?state=ISSUED')).headers.get('x-total-count'), '3');
    t.equal((await hub.issuerApi('GET', 'authority', '/requests?state=DONE')).status, 400);
    t.equal((await hub.issuerApi('GET', 'authority', '/credentials?revoked=maybe')).status, 400);
    t.equal((await hub.issuerApi('GET', 'authority', '/credential-definitions?color=red')).status, 400);
    t.equal((await hub.issuerApi('POST', 'authority', '/credential-definitions', membership([alice.did]))).status, 409, 'one definition per type and format');
    const invalid = [
      {},
      { credentialType: 'MembershipCredential', attestations: [] },
      { credentialType: 'VerifiableCredential', attestations: [{ type: 'operatorApproval' }] },
      { credentialType: 'X', format: 'ldp_vc', attestations: [{ type: 'operatorApproval' }] },
      { credentialType: 'X', validitySeconds: 5, attestations: [{ type: 'operatorApproval' }] },
      { credentialType: 'X', claims: { id: 'did:web:me' }, attestations: [{ type: 'operatorApproval' }] },
      { credentialType: 'X', attestations: [{ type: 'holderAllowList', holders: [{ holder: 'bob' }] }] },
      { credentialType: 'X', attestations: [{ type: 'everyone' }] },
      { credentialType: 'X', attestations: [{ type: 'operatorApproval' }], signingKey: 'k' },
    ];
    for (const body of invalid) t.equal((await hub.issuerApi('POST', 'authority', '/credential-definitions', body)).status, 400, JSON.stringify(body));
    t.equal((await hub.issuerApi('POST', 'nobody', '/credential-definitions', membership([alice.did]))).status, 409, 'a participant without DID cannot issue');

    const management = (await hub.api('GET', '/openapi.json')).body;
    const protocol = (await hub.api('GET', '/openapi.json', undefined, 'protocol')).body;
    for (const path of ['/v1/participants/{participantId}/issuer/credential-definitions', '/v1/participants/{participantId}/issuer/requests/{requestId}/approve', '/v1/participants/{participantId}/issuer/credentials/{issuedCredentialId}/revoke']) {
      t.ok(management.paths[path], path);
    }
    for (const path of ['/dcp/{participantId}/issuer/metadata', '/dcp/{participantId}/issuer/credentials', '/dcp/{participantId}/issuer/requests/{requestId}', '/dcp/{participantId}/issuer/status-lists/{listId}']) {
      t.ok(protocol.paths[path], path);
    }
  });

  t.test('bob cannot reach the authority\'s issuer data', async (t) => {
    const [definition] = (await hub.issuerApi('GET', 'authority', '/credential-definitions')).body;
    const [request] = (await hub.issuerApi('GET', 'authority', '/requests')).body;
    const [credential] = (await hub.issuerApi('GET', 'authority', '/credentials')).body;
    for (const [method, path] of [
      ['GET', `/credential-definitions/${definition.id}`],
      ['DELETE', `/credential-definitions/${definition.id}`],
      ['PUT', `/credential-definitions/${definition.id}`],
      ['GET', `/requests/${request.id}`],
      ['POST', `/requests/${request.id}/approve`],
      ['GET', `/credentials/${credential.id}`],
      ['POST', `/credentials/${credential.id}/revoke`],
    ] as const) {
      const answer = await hub.issuerApi(method, 'bob', path, method === 'PUT' ? membership([bob.did]) : undefined);
      t.equal(answer.status, 404, `${method} ${path} under bob`);
      t.notMatch(JSON.stringify(answer.body), /authority/, 'the answer does not name the authority');
    }
    for (const list of ['/credential-definitions', '/requests', '/credentials']) t.same((await hub.issuerApi('GET', 'bob', list)).body, [], `bob lists no ${list}`);
    await t.rejects(issuer.revokeCredential('bob', credential.id), { status: 404, message: /has issued no credential/ }, 'the service refuses it too');
    t.equal((await hub.issuerApi('GET', 'authority', `/credentials/${credential.id}`)).status, 200, 'the credential is still the authority\'s');
    t.match((await hub.issuerApi('GET', 'authority', `/credential-definitions/${definition.id}`)).body, { attestations: [{ holders: [{}, {}, {}] }] }, 'bob\'s PUT changed nothing');
  });

  t.test('deleting a definition', async (t) => {
    const [, audit] = (await hub.issuerApi('GET', 'authority', '/credential-definitions')).body;
    t.equal((await hub.issuerApi('DELETE', 'authority', `/credential-definitions/${audit.id}`)).status, 204);
    t.equal((await hub.issuerApi('GET', 'authority', `/credential-definitions/${audit.id}`)).status, 404);
    t.equal((await hub.api('GET', '/dcp/authority/issuer/metadata', undefined, 'protocol')).body.credentialsSupported.length, 1);
  });

  t.test('no private key in any log line or answer', async (t) => {
    const keys = await hub.privateKeyValues(['authority', 'alice', 'bob', 'carol']);
    t.equal(keys.length, 4);
    const text = [...hub.logs.lines.map((line) => JSON.stringify(line)), ...hub.answers].join('\n');
    for (const key of keys) t.notOk(text.includes(key), 'a private key value');
    t.notMatch(text, /\\?"d\\?":/, 'no JWK d member');
  });
});
