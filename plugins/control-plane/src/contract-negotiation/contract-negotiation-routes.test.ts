/**
 * The management API of negotiations and agreements: EDC-like requests in plain JSON and JSON-LD,
 * validation, lists with filters and pages, termination and actions, and agreements recorded
 * without a negotiation.
 */
import { HttpServer, type ProblemError } from '@tdss/sdk';
import { forEachDialect, rejectionOf } from '@tdss/testing';
import t from 'tap';
import { ContractAgreements, createScriptedDecider } from '../index.ts';
import {
  counterpartOf,
  createParticipant,
  expectJson,
  getNegotiation,
  offerAsset,
  participantIdOf,
  send,
  startNegotiationRuntime,
  waitForState,
} from './test-support/negotiation-test-kit.ts';

await forEachDialect(t, 'the management API of contract negotiations and agreements', async (t, _dialect, store) => {
  // The provider leaves requests for asset-wait where they are: negotiations of these tests stay REQUESTED.
  const kit = await startNegotiationRuntime(t, store, { deciders: [createScriptedDecider('test', 'PROVIDER', { 'asset-wait': { REQUESTED: { kind: 'wait' } } })] });
  await createParticipant(t, kit, 'consumer');
  await createParticipant(t, kit, 'provider');
  const offer = await offerAsset(t, kit, 'provider', 'asset-wait');
  const api = `${kit.participant('consumer')}/contractnegotiations`;
  const plain = { counterPartyAddress: kit.dspBase('provider'), counterPartyId: participantIdOf('provider'), protocol: 'dataspace-protocol-http:2025-1', policy: offer };

  await t.test('requests in plain JSON and in EDC JSON-LD are the same request', async (t) => {
    const created = await fetch(api, send('POST', plain));
    t.equal(created.status, 201);
    const { '@id': first } = (await created.json()) as { '@id': string };
    t.equal(created.headers.get('location'), `/management/v1/participants/consumer/contractnegotiations/${encodeURIComponent(first)}`);
    const jsonLd = {
      '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
      '@type': 'ContractRequest',
      counterPartyAddress: kit.dspBase('provider'),
      protocol: 'dataspace-protocol-http:2025-1',
      policy: { '@context': 'http://www.w3.org/ns/odrl.jsonld', '@type': 'odrl:Offer', '@id': offer['@id'], assigner: participantIdOf('provider'), target: 'asset-wait', 'odrl:permission': [{ 'odrl:action': { '@id': 'odrl:use' } }] },
    };
    const second = (await expectJson(t, fetch(api, send('POST', jsonLd, 'application/ld+json')), 201))['@id'];
    const [a, b] = [await waitForState(kit, 'consumer', first, 'REQUESTED'), await waitForState(kit, 'consumer', second, 'REQUESTED')];
    t.equal(a.state, 'REQUESTED');
    t.same(b.offer, a.offer, 'the same offer, in compact DSP 2025-1');
    t.same(a.offer, { '@id': offer['@id'], '@type': 'Offer', assigner: participantIdOf('provider'), permission: [{ action: 'use' }], target: 'asset-wait' });
    t.equal(b.counterpartyId, participantIdOf('provider'), "the counterparty id is the policy's assigner when not given");
  });

  await t.test('invalid requests: every problem at once', async (t) => {
    const problem = await expectJson(t, fetch(api, send('POST', { counterPartyAddress: 'ftp://x', protocol: 'dataspace-protocol-http', extra: 1, policy: { '@id': 'x', permission: [{ action: 'use', target: 'y' }] } })), 400);
    t.same(problem.errors.map((e: { path: string }) => e.path).sort(), ['counterPartyId', 'extra', 'policy.permission[0].target', 'protocol'].sort());
    const missing = await expectJson(t, fetch(api, send('POST', { counterPartyId: 'x' })), 400);
    t.same(missing.errors.map((e: { path: string }) => e.path).sort(), ['counterPartyAddress', 'policy']);
    const noTarget = await expectJson(t, fetch(api, send('POST', { ...plain, policy: { '@id': 'x', permission: [{ action: 'use' }] } })), 400);
    t.match(noTarget.detail, 'policy.target');
    const bad = await expectJson(t, fetch(api, send('POST', { ...plain, counterPartyAddress: 'not a url' })), 400);
    t.match(bad.detail, 'counterpartyAddress');
    await expectJson(t, fetch(api, send('POST', [plain])), 400, 'an array');
    await expectJson(t, fetch(api, send('POST', { '@context': 'https://unknown.example/ctx', ...plain })), 400, 'an unknown context');
    await expectJson(t, fetch(`${kit.participant('nobody')}/contractnegotiations`, send('POST', plain)), 404, 'the participant context comes first');
  });

  await t.test('lists, filters and pages', async (t) => {
    const list = await fetch(`${api}?limit=1`);
    t.equal(list.headers.get('x-total-count'), '2');
    t.match(list.headers.get('link'), /rel="next"/);
    t.equal(((await list.json()) as unknown[]).length, 1);
    t.equal((await expectJson(t, fetch(`${api}?role=CONSUMER&state=REQUESTED&counterpartyId=${encodeURIComponent(participantIdOf('provider'))}`), 200)).length, 2);
    t.same(await expectJson(t, fetch(`${api}?role=PROVIDER`), 200), []);
    t.equal((await expectJson(t, fetch(`${kit.participant('provider')}/contractnegotiations?role=PROVIDER&state=REQUESTED`), 200)).length, 2);
    await expectJson(t, fetch(`${api}?state=DONE`), 400, 'an unknown state');
    await expectJson(t, fetch(`${api}?role=OWNER`), 400, 'an unknown role');
    await expectJson(t, fetch(`${api}?assetId=x`), 400, 'an unknown filter');
    await expectJson(t, fetch(`${api}/urn%3Auuid%3Anone`), 404);
  });

  await t.test('terminate, and actions the state does not allow', async (t) => {
    const [first] = (await expectJson(t, fetch(`${api}?state=REQUESTED`), 200)) as Array<{ '@id': string }>;
    const id = encodeURIComponent(first!['@id']);
    const agree = await expectJson(t, fetch(`${api}/${id}/actions`, send('POST', { action: 'agree' })), 409);
    t.match(agree.detail, 'in REQUESTED a consumer can terminate');
    await expectJson(t, fetch(`${api}/${id}/actions`, send('POST', { action: 'wait' })), 400, 'waiting is no action');
    await expectJson(t, fetch(`${api}/${id}/actions`, send('POST', { action: 'accept', offer: {} })), 400, 'accept takes no offer');
    const terminate = await fetch(`${api}/${id}/terminate`, send('POST', { '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'TerminateNegotiation', reason: 'changed my mind' }));
    t.equal(terminate.status, 204);
    t.equal((await waitForState(kit, 'consumer', first!['@id'], 'TERMINATED')).state, 'TERMINATED');
    const providerSide = await waitForState(kit, 'provider', (await counterpartOf(kit, 'provider', first!['@id']))['@id'], 'TERMINATED');
    t.match(providerSide, { state: 'TERMINATED', errorDetail: /changed my mind/ }, 'the provider is told the reason');
    await expectJson(t, fetch(`${api}/${id}/terminate`, { method: 'POST' }), 409, 'terminated already');
    t.same(await expectJson(t, fetch(`${api}/${id}/state`), 200), { '@type': 'NegotiationState', state: 'TERMINATED' });
    await expectJson(t, fetch(`${api}/${id}/agreement`), 404, 'no agreement');
    t.equal((await getNegotiation(kit, 'consumer', first!['@id'])).errorDetail, 'terminated by the tenant: changed my mind');
  });

  await t.test('agreements recorded without a negotiation, and the agreement list', async (t) => {
    const agreements = kit.runtime.get(ContractAgreements);
    const agreement = { '@id': 'urn:agreement:seeded', '@type': 'Agreement' as const, target: 'asset-x', assigner: 'TCK_PARTICIPANT', assignee: participantIdOf('consumer'), timestamp: '2025-02-01T10:00:00Z', permission: [{ action: 'use' }] };
    const recorded = await agreements.create('consumer', agreement);
    t.match(recorded, { id: 'urn:agreement:seeded', providerId: 'TCK_PARTICIPANT', assetId: 'asset-x', negotiationId: null });
    t.equal((await rejectionOf<ProblemError>(agreements.create('consumer', agreement))).status, 409, 'an id is recorded once');
    t.equal((await rejectionOf<ProblemError>(agreements.create('consumer', { ...agreement, '@id': 'urn:agreement:bad', timestamp: undefined as never }))).status, 400, 'an agreement needs a timestamp');
    const base = `${kit.participant('consumer')}/contractagreements`;
    t.match(await expectJson(t, fetch(`${base}?providerId=TCK_PARTICIPANT`), 200), [{ '@id': 'urn:agreement:seeded', contractSigningDate: 1738404000, negotiationId: null }]);
    t.same(await expectJson(t, fetch(`${base}?assetId=nothing`), 200), []);
    await expectJson(t, fetch(`${base}?sort=x`), 400, 'an unknown filter');
    t.same(await expectJson(t, fetch(`${kit.participant('provider')}/contractagreements`), 200), [], "the other tenant holds none of it");
  });

  await t.test('the OpenAPI document', async (t) => {
    const document = (await (await fetch(`${kit.runtime.get(HttpServer).url('management')}/openapi.json`)).json()) as { paths: Record<string, object> };
    for (const path of ['', '/{id}', '/{id}/state', '/{id}/agreement', '/{id}/terminate', '/{id}/actions']) {
      t.ok(`/v1/participants/{participantContextId}/contractnegotiations${path}` in document.paths, `contractnegotiations${path}`);
    }
    t.ok('/v1/participants/{participantContextId}/contractagreements/{id}' in document.paths);
  });
});
