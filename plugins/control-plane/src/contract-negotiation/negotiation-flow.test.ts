/**
 * Consumer and provider participant contexts of one runtime negotiate over real HTTP on loopback
 * (DSP 2025-1, development identities): the default path, an offer and acceptance, an offer the
 * provider begins, a policy denial and an unknown offer.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { ContractNegotiations, createScriptedDecider } from '../index.ts';
import {
  counterpartOf,
  createParticipant,
  expectJson,
  getDsp,
  getNegotiation,
  listNegotiations,
  offerAsset,
  participantIdOf,
  requestOffer,
  send,
  startNegotiationRuntime,
  waitForState,
} from './test-support/negotiation-test-kit.ts';

const MEMBERS_ONLY = { permission: [{ action: 'use', constraint: [{ leftOperand: 'MembershipCredential', operator: 'eq', rightOperand: 'active' }] }] };

await forEachDialect(t, 'negotiations between two participant contexts of one runtime', async (t, _dialect, store) => {
  const kit = await startNegotiationRuntime(t, store, {
    deciders: [createScriptedDecider('test', 'PROVIDER', { 'asset-offered': { REQUESTED: (s) => (s.initial ? { kind: 'offer' } : undefined) } })],
  });
  await createParticipant(t, kit, 'consumer');
  await createParticipant(t, kit, 'provider');

  await t.test('request, agreement, verification, finalization', async (t) => {
    const offer = await offerAsset(t, kit, 'provider', 'asset-1');
    const id = await requestOffer(t, kit, 'consumer', kit, 'provider', offer);
    t.match(id, /^urn:uuid:[0-9a-f-]{36}$/, 'our process id is a urn:uuid');
    const consumerSide = await waitForState(kit, 'consumer', id, 'FINALIZED');
    t.match(consumerSide, { role: 'CONSUMER', state: 'FINALIZED', dspState: 'FINALIZED', assetId: 'asset-1', counterpartyId: participantIdOf('provider'), errorDetail: null });
    const providerSide = await counterpartOf(kit, 'provider', id);
    t.match(await waitForState(kit, 'provider', providerSide['@id'], 'FINALIZED'), { role: 'PROVIDER', state: 'FINALIZED', counterpartyId: participantIdOf('consumer') });
    t.equal(consumerSide.correlationId, providerSide['@id'], "the consumer knows the provider's process id");
    t.equal(consumerSide.contractAgreementId, providerSide.contractAgreementId, 'both hold the same agreement');

    const agreementId = consumerSide.contractAgreementId!;
    for (const side of ['consumer', 'provider']) {
      const agreements = await expectJson(t, fetch(`${kit.participant(side)}/contractagreements`), 200, `${side} lists its agreements`);
      t.same(agreements.map((a: { '@id': string }) => a['@id']), [agreementId], `${side} holds exactly the one agreement`);
      const agreement = await expectJson(t, fetch(`${kit.participant(side)}/contractagreements/${encodeURIComponent(agreementId)}`), 200);
      t.match(agreement, { assetId: 'asset-1', providerId: participantIdOf('provider'), consumerId: participantIdOf('consumer'), policy: { '@type': 'Agreement', target: 'asset-1', permission: [{ action: 'use' }] } });
    }
    const negotiationId = id;
    const viaNegotiation = await expectJson(t, fetch(`${kit.participant('consumer')}/contractnegotiations/${encodeURIComponent(negotiationId)}/agreement`), 200);
    t.equal(viaNegotiation['@id'], agreementId, 'the agreement is found through its negotiation');
    t.same(await expectJson(t, fetch(`${kit.participant('consumer')}/contractnegotiations/${encodeURIComponent(negotiationId)}/state`), 200), { '@type': 'NegotiationState', state: 'FINALIZED' });

    const dsp = await getDsp(kit, 'provider', `/negotiations/${providerSide['@id']}`, participantIdOf('consumer'));
    t.equal(dsp.status, 200);
    t.same(await dsp.json(), {
      '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
      '@type': 'ContractNegotiation',
      providerPid: providerSide['@id'],
      consumerPid: id,
      state: 'FINALIZED',
    });
  });

  await t.test("the provider offers, the consumer accepts what it asked for, and they agree", async (t) => {
    const requested = await offerAsset(t, kit, 'provider', 'asset-offered');
    const id = await requestOffer(t, kit, 'consumer', kit, 'provider', requested);
    const consumerSide = await waitForState(kit, 'consumer', id, 'FINALIZED');
    t.equal(consumerSide.state, 'FINALIZED');
    t.not(consumerSide.offer['@id'], requested['@id'], "the latest offer is the provider's own");
    t.match(consumerSide.offer['@id'], /^cd-asset-offered:asset-offered:[0-9a-f]{16}$/, "the provider offered its catalog's offer");
    const providerSide = await counterpartOf(kit, 'provider', id);
    t.equal((await waitForState(kit, 'provider', providerSide['@id'], 'FINALIZED')).state, 'FINALIZED');
  });

  await t.test('the provider begins with an offer; the consumer waits for its tenant, who accepts', async (t) => {
    const offer = await offerAsset(t, kit, 'provider', 'asset-pushed');
    const negotiations = kit.runtime.get(ContractNegotiations);
    const started = await negotiations.offer('provider', { counterpartyAddress: kit.dspBase('consumer'), counterpartyId: participantIdOf('consumer'), offer });
    t.equal(started.state, 'OFFERING');
    t.equal((await waitForState(kit, 'provider', started.id, 'OFFERED')).state, 'OFFERED');
    const consumerSide = await counterpartOf(kit, 'consumer', started.id);
    t.match(consumerSide, { role: 'CONSUMER', state: 'OFFERED', assetId: 'asset-pushed' }, 'an offer nobody asked for waits for the tenant');

    const refused = await expectJson(t, fetch(`${kit.participant('consumer')}/contractnegotiations/${encodeURIComponent(consumerSide['@id'])}/actions`, send('POST', { action: 'verify' })), 409);
    t.match(refused.detail, 'in OFFERED a consumer can accept, request, terminate');
    await expectJson(t, fetch(`${kit.participant('consumer')}/contractnegotiations/${encodeURIComponent(consumerSide['@id'])}/actions`, send('POST', { action: 'accept' })), 200);
    t.equal((await waitForState(kit, 'consumer', consumerSide['@id'], 'FINALIZED')).state, 'FINALIZED');
    t.equal((await waitForState(kit, 'provider', started.id, 'FINALIZED')).state, 'FINALIZED');
  });

  await t.test('a policy the consumer does not satisfy: terminated, the consumer told nothing of the policy', async (t) => {
    const offer = await offerAsset(t, kit, 'provider', 'asset-members', MEMBERS_ONLY);
    const id = await requestOffer(t, kit, 'consumer', kit, 'provider', offer);
    const consumerSide = await waitForState(kit, 'consumer', id, 'TERMINATED');
    t.equal(consumerSide.state, 'TERMINATED');
    t.match(consumerSide.errorDetail, /terminated by the counterparty: \["Denied: the request does not satisfy the applicable policy \(decision [0-9a-f-]{36}\)\."\]/);
    t.notMatch(consumerSide.errorDetail, /MembershipCredential|active|permission/, 'the reason names nothing of the policy');
    const providerSide = await waitForState(kit, 'provider', (await counterpartOf(kit, 'provider', id))['@id'], 'TERMINATED');
    t.equal(providerSide.state, 'TERMINATED');
    t.match(providerSide.errorDetail, /MembershipCredential/, 'the owner learns which constraint failed');
    t.equal(providerSide.contractAgreementId, null, 'no agreement was made');
  });

  await t.test('an offer the provider does not know: refused, nothing created there', async (t) => {
    const unknown = { '@id': 'cd-nothing:asset-1:0', '@type': 'Offer' as const, target: 'asset-1', permission: [{ action: 'use' }] };
    const before = (await listNegotiations(kit, 'provider')).length;
    const id = await requestOffer(t, kit, 'consumer', kit, 'provider', unknown);
    const consumerSide = await waitForState(kit, 'consumer', id, 'TERMINATED');
    t.equal(consumerSide.state, 'TERMINATED');
    t.match(consumerSide.errorDetail, /answered 400.*not one of the provider/);
    t.equal((await listNegotiations(kit, 'provider')).length, before, 'the provider created no negotiation');
    t.same((await getNegotiation(kit, 'consumer', id)).correlationId, null);
  });
});
