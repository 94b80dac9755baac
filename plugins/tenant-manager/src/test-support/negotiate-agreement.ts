import { ContractNegotiations } from '@tdss/control-plane';
import type { MessageOffer } from '@tdss/json-ld';
import type { Test } from 'tap';
import { eventually } from './eventually.ts';
import type { TenantRuntime } from './tenant-runtime.ts';

/**
 * The consumer reads the counterparty's catalog over DSP (the status is asserted, with `message`),
 * negotiates the first dataset's first offer and waits until it is FINALIZED; resolves to the agreement id.
 */
export async function negotiateAgreement(t: Test, runtime: TenantRuntime, consumer: string, counterparty: { address: string; id: string }, message?: string): Promise<string> {
  const catalog = await fetch(`${runtime.server.url('management')}/v1/participants/${consumer}/catalog/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ counterpartyAddress: counterparty.address, counterpartyId: counterparty.id }),
  });
  t.equal(catalog.status, 200, message ?? 'the counterparty answers the catalog request');
  const dataset = ((await catalog.json()) as { dataset: Array<{ '@id': string; hasPolicy: MessageOffer[] }> }).dataset[0]!;
  const negotiations = runtime.runtime.get(ContractNegotiations);
  const requested = await negotiations.request(consumer, {
    counterpartyAddress: counterparty.address,
    counterpartyId: counterparty.id,
    offer: { ...dataset.hasPolicy[0]!, target: dataset['@id'], assigner: counterparty.id } as MessageOffer,
  });
  const finalized = await eventually(`the negotiation of ${consumer} to finalize`, async () => {
    const negotiation = await negotiations.get(consumer, requested.id);
    return negotiation.state === 'FINALIZED' ? negotiation : undefined;
  });
  return finalized.agreementId!;
}
