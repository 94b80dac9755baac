/**
 * End to end in one runtime: the consumer negotiates an agreement over DSP, then transfers under
 * it; the provider's transfer policy is the agreement the negotiation made.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import {
  createParticipant,
  type Endpoints,
  offerAsset,
  participantIdOf,
  requestOffer,
  waitForState as waitForNegotiation,
} from '../contract-negotiation/test-support/negotiation-test-kit.ts';
import { providerProcessOf, PULL, recordingDataPlane, startTransferRuntime, waitForState } from './test-support/transfer-test-kit.ts';

forEachDialect(t, 'an agreement negotiated over DSP is the one a transfer is requested, checked and started under', async (t, _dialect, store) => {
  const pull = recordingDataPlane(PULL, 'PULL');
  const cut = await startTransferRuntime(t, { name: 'e2e', store, participants: {}, dataPlanes: [pull] });
  const endpoints: Endpoints = { management: cut.managementUrl, participant: (id) => `${cut.managementUrl}/v1/participants/${encodeURIComponent(id)}`, dspBase: cut.dspBase };
  await createParticipant(t, endpoints, 'consumer');
  await createParticipant(t, endpoints, 'provider');
  const offer = await offerAsset(t, endpoints, 'provider', 'asset-1');
  const negotiation = await requestOffer(t, endpoints, 'consumer', endpoints, 'provider', offer);
  const agreementId = (await waitForNegotiation(endpoints, 'consumer', negotiation, 'FINALIZED')).contractAgreementId!;
  t.ok(agreementId, 'the negotiation made an agreement');

  const requested = await cut.transfers.request('consumer', { counterpartyAddress: cut.dspBase('provider'), agreementId, transferType: PULL });
  t.equal(requested.counterpartyId, participantIdOf('provider'), "the provider is the agreement's assigner");
  t.equal(requested.assetId, 'asset-1');
  const started = await waitForState(cut.transfers, 'consumer', requested.id, 'STARTED');
  const provider = await providerProcessOf(cut.transfers, 'provider', requested.id);
  t.match(provider, { agreementId, assetId: 'asset-1', counterpartyId: participantIdOf('consumer') });
  t.ok(started.dataAddress?.endpoint);
  await waitForState(cut.transfers, 'provider', provider.id, 'STARTED');
  t.same(pull.callsOf(provider.id), ['start']);
});
