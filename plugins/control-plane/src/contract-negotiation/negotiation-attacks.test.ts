/**
 * Attacks on negotiations across tenants and counterparties: beta's negotiation through alpha's
 * DSP and management endpoints, another counterparty acting on one's negotiation, a deactivated
 * participant context. Every attempt is a 404 (DSP: "unknown or unauthorised"), and nothing changes.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import {
  counterpartOf,
  createParticipant,
  expectJson,
  getDsp,
  getNegotiation,
  listNegotiations,
  offerAsset,
  participantIdOf,
  postDsp,
  requestOffer,
  send,
  startNegotiationRuntime,
  waitForState,
} from './test-support/negotiation-test-kit.ts';

await forEachDialect(t, 'negotiations stay with their tenant and their counterparty', async (t, _dialect, store) => {
  const kit = await startNegotiationRuntime(t, store);
  for (const id of ['alpha', 'beta', 'consumer', 'intruder']) await createParticipant(t, kit, id);
  const offer = await offerAsset(t, kit, 'beta', 'asset-b');
  // alpha offers an asset of the same id under the same contract definition id.
  await offerAsset(t, kit, 'alpha', 'asset-b');

  // consumer ↔ beta: finalized, then the attacks.
  const consumerPid = await requestOffer(t, kit, 'consumer', kit, 'beta', offer);
  t.equal((await waitForState(kit, 'consumer', consumerPid, 'FINALIZED')).state, 'FINALIZED');
  const betaSide = await counterpartOf(kit, 'beta', consumerPid);
  const betaPid = betaSide['@id'];
  const agreementId = betaSide.contractAgreementId!;
  const consumer = participantIdOf('consumer');
  const intruder = participantIdOf('intruder');
  const termination = (providerPid: string, consumerPidInMessage = consumerPid) => ({
    '@type': 'ContractNegotiationTerminationMessage',
    providerPid,
    consumerPid: consumerPidInMessage,
    reason: ['attack'],
  });
  const verification = { '@type': 'ContractAgreementVerificationMessage', providerPid: betaPid, consumerPid };

  await t.test("beta's negotiation through alpha's DSP endpoints", async (t) => {
    t.equal((await getDsp(kit, 'alpha', `/negotiations/${betaPid}`, consumer)).status, 404, 'GET');
    for (const [path, message] of [
      [`/negotiations/${betaPid}/termination`, termination(betaPid)],
      [`/negotiations/${betaPid}/agreement/verification`, verification],
      [`/negotiations/${betaPid}/events`, { '@type': 'ContractNegotiationEventMessage', providerPid: betaPid, consumerPid, eventType: 'ACCEPTED' }],
      [`/negotiations/${betaPid}/request`, { '@type': 'ContractRequestMessage', providerPid: betaPid, consumerPid, offer }],
    ] as const) {
      const response = await postDsp(kit, 'alpha', path, consumer, message);
      t.equal(response.status, 404, `POST ${path.replace(betaPid, '{betaPid}')}`);
      t.match(await response.json(), { '@type': 'ContractNegotiationError', code: '404' });
    }
  });

  await t.test("another counterparty on the consumer's negotiation with beta", async (t) => {
    t.equal((await getDsp(kit, 'beta', `/negotiations/${betaPid}`, intruder)).status, 404, 'GET');
    t.equal((await postDsp(kit, 'beta', `/negotiations/${betaPid}/termination`, intruder, termination(betaPid))).status, 404, 'termination');
    t.equal((await getDsp(kit, 'consumer', `/negotiations/${consumerPid}`, intruder)).status, 404, "GET of the consumer's side");
    t.equal((await postDsp(kit, 'consumer', `/negotiations/${consumerPid}/termination`, intruder, termination(betaPid))).status, 404, "termination of the consumer's side");
    // The right counterparty naming another consumer process: not its negotiation either.
    t.equal((await postDsp(kit, 'beta', `/negotiations/${betaPid}/termination`, consumer, termination(betaPid, 'urn:uuid:not-mine'))).status, 404, 'another consumerPid');
    // A token for beta's participant id is no token for alpha.
    const forBeta = await kit.token(consumer, participantIdOf('beta'));
    const response = await fetch(`${kit.dspBase('alpha')}/negotiations/${betaPid}`, { headers: { authorization: forBeta } });
    t.equal(response.status, 401, "a token for beta's audience does not open alpha");
  });

  await t.test("beta's negotiation and agreement through alpha's management API", async (t) => {
    const alpha = kit.participant('alpha');
    const id = encodeURIComponent(betaPid);
    await expectJson(t, fetch(`${alpha}/contractnegotiations/${id}`), 404, 'GET');
    await expectJson(t, fetch(`${alpha}/contractnegotiations/${id}/state`), 404, 'GET state');
    await expectJson(t, fetch(`${alpha}/contractnegotiations/${id}/agreement`), 404, 'GET agreement');
    await expectJson(t, fetch(`${alpha}/contractnegotiations/${id}/terminate`, send('POST', { reason: 'x' })), 404, 'terminate');
    await expectJson(t, fetch(`${alpha}/contractnegotiations/${id}/actions`, send('POST', { action: 'agree' })), 404, 'actions');
    t.same(await expectJson(t, fetch(`${alpha}/contractnegotiations`), 200), [], "alpha's list holds nothing of beta's");
    t.same(await expectJson(t, fetch(`${alpha}/contractnegotiations?counterpartyId=${encodeURIComponent(consumer)}`), 200), []);
    await expectJson(t, fetch(`${alpha}/contractagreements/${encodeURIComponent(agreementId)}`), 404, "beta's agreement");
    t.same(await expectJson(t, fetch(`${alpha}/contractagreements?negotiationId=${id}`), 200), []);
    await expectJson(t, fetch(`${kit.participant('nobody')}/contractnegotiations`), 404, 'an unknown participant context');
  });

  await t.test('a deactivated participant context closes its DSP endpoints', async (t) => {
    const open = await postDsp(kit, 'beta', `/negotiations/${betaPid}/termination`, consumer, termination(betaPid));
    t.equal(open.status, 400, 'while active, a termination after FINALIZED is refused (not unknown)');
    await expectJson(t, fetch(`${kit.participant('beta')}/deactivate`, send('POST', {})), 200);
    t.equal((await getDsp(kit, 'beta', `/negotiations/${betaPid}`, consumer)).status, 404, 'GET');
    t.equal((await postDsp(kit, 'beta', `/negotiations/${betaPid}/agreement/verification`, consumer, verification)).status, 404, 'verification');
    const request = { '@type': 'ContractRequestMessage', consumerPid: 'urn:uuid:fresh', offer, callbackAddress: kit.dspBase('consumer') };
    t.equal((await postDsp(kit, 'beta', '/negotiations/request', consumer, request)).status, 404, 'a new request');
    await expectJson(t, fetch(`${kit.participant('beta')}/contractnegotiations/${encodeURIComponent(betaPid)}/actions`, send('POST', { action: 'terminate' })), 409, 'its tenant cannot act either');
    await expectJson(t, fetch(`${kit.participant('beta')}/activate`, send('POST', {})), 200);
  });

  await t.test('nothing changed', async (t) => {
    t.match(await getNegotiation(kit, 'beta', betaPid), { state: 'FINALIZED', contractAgreementId: agreementId });
    t.match(await getNegotiation(kit, 'consumer', consumerPid), { state: 'FINALIZED' });
    t.equal((await listNegotiations(kit, 'beta')).length, 1);
  });

  await t.test("a request naming beta's offer at alpha is alpha's own business", async (t) => {
    // alpha has its own cd-asset-b: the offer id resolves there, to alpha's asset.
    const pid = await requestOffer(t, kit, 'consumer', kit, 'alpha', { ...offer, assigner: participantIdOf('alpha') } as typeof offer);
    const negotiation = await waitForState(kit, 'consumer', pid, 'FINALIZED');
    t.equal(negotiation.counterpartyId, participantIdOf('alpha'));
    t.equal((await counterpartOf(kit, 'alpha', pid)).assetId, 'asset-b');
    t.equal((await listNegotiations(kit, 'beta')).length, 1, 'beta learns nothing of it');
  });
});
