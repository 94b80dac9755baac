/**
 * A consumer and a provider in two runtimes, each with its own database, negotiating over HTTP on
 * loopback: the default path, and a counter-offer the provider answers with a termination.
 */
import { join } from 'node:path';
import { createPostgresDatabase, createTempDir, type DialectSettings, forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { createScriptedDecider } from '../index.ts';
import type { NegotiationScript } from './scripted-decider.ts';
import { startHeldRelay } from './test-support/held-relay.ts';
import { counterpartOf, createParticipant, expectJson, listNegotiations, offerAsset, requestOffer, startNegotiationRuntime, waitForState } from './test-support/negotiation-test-kit.ts';

async function anotherDatabase(t: Test, dialect: string): Promise<DialectSettings | undefined> {
  if (dialect === 'sqlite') return { dialect: 'sqlite', file: join(await createTempDir(t), 'other.sqlite') };
  const url = await createPostgresDatabase(t);
  return url === undefined ? undefined : { dialect: 'postgresql', url };
}

await forEachDialect(t, 'a consumer runtime and a provider runtime', async (t, dialect, store) => {
  const consumerStore = await anotherDatabase(t, dialect);
  if (!consumerStore) return;
  // asset-early: the same script, with the provider's offer arriving before the consumer wrote that its request was answered.
  const offerOnce: NegotiationScript = { REQUESTED: (s) => (s.initial ? { kind: 'offer' } : { kind: 'terminate', reason: 'no counter-offers' }) };
  const provider = await startNegotiationRuntime(t, store, {
    deciders: [createScriptedDecider('provider-script', 'PROVIDER', { 'asset-counter': offerOnce, 'asset-early': offerOnce })],
  });
  const counter: NegotiationScript = { OFFERED: { kind: 'request' } };
  const consumer = await startNegotiationRuntime(t, consumerStore, {
    deciders: [createScriptedDecider('consumer-script', 'CONSUMER', { 'asset-counter': counter, 'asset-early': counter })],
  });
  await createParticipant(t, provider, 'provider');
  await createParticipant(t, consumer, 'consumer');

  await t.test('request, agreement, verification, finalization', async (t) => {
    const offer = await offerAsset(t, provider, 'provider', 'asset-1');
    const id = await requestOffer(t, consumer, 'consumer', provider, 'provider', offer);
    const consumerSide = await waitForState(consumer, 'consumer', id, 'FINALIZED');
    t.equal(consumerSide.state, 'FINALIZED');
    const providerSide = await waitForState(provider, 'provider', (await counterpartOf(provider, 'provider', id))['@id'], 'FINALIZED');
    t.equal(providerSide.state, 'FINALIZED');
    t.equal(providerSide.contractAgreementId, consumerSide.contractAgreementId);
    for (const [kit, side] of [[consumer, 'consumer'], [provider, 'provider']] as const) {
      const agreements = await expectJson(t, fetch(`${kit.participant(side)}/contractagreements`), 200);
      t.same(agreements.map((a: { '@id': string }) => a['@id']), [consumerSide.contractAgreementId], `${side} holds the agreement once`);
    }
  });

  await t.test('the consumer counter-offers, the provider terminates', async (t) => {
    const offer = await offerAsset(t, provider, 'provider', 'asset-counter');
    const id = await requestOffer(t, consumer, 'consumer', provider, 'provider', offer);
    const consumerSide = await waitForState(consumer, 'consumer', id, 'TERMINATED');
    t.match(consumerSide, { state: 'TERMINATED', errorDetail: 'terminated by the counterparty: ["no counter-offers"]' });
    const providerSide = await waitForState(provider, 'provider', (await counterpartOf(provider, 'provider', id))['@id'], 'TERMINATED');
    t.match(providerSide, { state: 'TERMINATED', errorDetail: 'no counter-offers', contractAgreementId: null });
    t.match(consumerSide.offer['@id'], /^cd-asset-counter:asset-counter:[0-9a-f]{16}$/, "the consumer's counter-offer was the provider's offer as it was");
  });

  await t.test("the provider's offer arrives while the consumer's request is still being acknowledged", async (t) => {
    const offer = await offerAsset(t, provider, 'provider', 'asset-early');
    const direct = new URL(provider.dspBase('provider')).origin;
    // The provider's answer to the first request reaches the consumer only once the provider's
    // offer was answered: until then the consumer's negotiation is REQUESTING.
    const relay = await startHeldRelay(t, direct, async ({ method, path }) => {
      if (method !== 'POST' || !path.endsWith('/negotiations/request')) return;
      for (const until = Date.now() + 10_000; Date.now() < until; ) {
        const [providerSide] = (await listNegotiations(provider, 'provider')).filter((n) => n.assetId === 'asset-early');
        if (providerSide && !['REQUESTED', 'OFFERING'].includes(providerSide.state)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    const relayed = { ...provider, dspBase: (id: string) => provider.dspBase(id).replace(direct, relay) };
    const id = await requestOffer(t, consumer, 'consumer', relayed, 'provider', offer);
    const consumerSide = await waitForState(consumer, 'consumer', id, 'TERMINATED');
    t.match(consumerSide, { state: 'TERMINATED', errorDetail: 'terminated by the counterparty: ["no counter-offers"]' });
    const providerSide = await waitForState(provider, 'provider', (await counterpartOf(provider, 'provider', id))['@id'], 'TERMINATED');
    t.match(providerSide, { state: 'TERMINATED', errorDetail: 'no counter-offers', contractAgreementId: null });
    t.equal((await listNegotiations(consumer, 'consumer')).filter((n) => n.assetId === 'asset-early').length, 1, 'the consumer holds one negotiation for it');
  });
});
