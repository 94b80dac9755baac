/**
 * Test support: the SDK's data plane test runtime with the Kafka data plane, and two participant
 * contexts that negotiate an agreement for a Kafka asset over DSP through the management API.
 */
import controlPlane, { TransferProcesses } from '@tdss/control-plane';
import { type DataPlaneTestRuntime, startDataPlaneTestRuntime } from '@tdss/dataplane-sdk/testing';
import type { DialectSettings } from '@tdss/testing';
import type { Test } from 'tap';
import dataPlaneKafka from '../index.ts';

const SECRET = 'dataplane-kafka-tests-shared-secret-0123456789';
const DSP = 'dataspace-protocol-http:2025-1';
const EVERYONE = { permission: [{ action: 'use' }] };

export const participantIdOf = (context: string) => `did:web:${context}.example`;

export interface TransferRuntime extends DataPlaneTestRuntime {
  readonly transfers: TransferProcesses;
  /** Creates the participant contexts (the first time; the database keeps them across runtimes). */
  createParticipants(...ids: string[]): Promise<void>;
  /** Provider: an asset with this data address, offered to everyone. */
  offer(provider: string, assetId: string, dataAddress: Record<string, unknown>): Promise<void>;
  /** Consumer: reads the dataset from the provider's catalog and negotiates its offer; resolves to the agreement id. */
  negotiate(consumer: string, provider: string, assetId: string): Promise<string>;
}

/**
 * A runtime started again with the same name (the secrets' master key file is named after it),
 * store, key folder and port (the counterparty addresses stored in transfer processes name it)
 * finds its secrets, flows and peers.
 */
export async function startTransferRuntime(t: Test, options: { name: string; store: DialectSettings; keyDir: string; port?: number; dataPlane?: Record<string, unknown> }): Promise<TransferRuntime> {
  const base = await startDataPlaneTestRuntime(t, {
    name: options.name,
    store: options.store,
    keyDir: options.keyDir,
    ...(options.port ? { port: options.port } : {}),
    controlPlane,
    dataPlane: { plugin: dataPlaneKafka, settings: { sessionTimeoutMs: 6_000, ...options.dataPlane } },
    requestTimeoutMs: 5_000,
    dspSecret: SECRET,
    participants: [],
  });
  const participant = (id: string) => `${base.managementUrl}/v1/participants/${encodeURIComponent(id)}`;
  const call = async <T>(method: string, url: string, body: unknown, expected: number): Promise<T> => {
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    ...base,
    transfers: base.runtime.get(TransferProcesses),
    async createParticipants(...ids) {
      for (const id of ids) await call('POST', `${base.managementUrl}/v1/participants`, { id, participantId: participantIdOf(id) }, 201);
    },
    async offer(provider, assetId, dataAddress) {
      await call('POST', `${participant(provider)}/policydefinitions`, { '@id': `everyone-${assetId}`, policy: EVERYONE }, 201);
      await base.createAsset(provider, assetId, dataAddress);
      const selector = [{ operandLeft: 'id', operator: '=', operandRight: assetId }];
      await call('POST', `${participant(provider)}/contractdefinitions`, { '@id': `cd-${assetId}`, accessPolicyId: `everyone-${assetId}`, contractPolicyId: `everyone-${assetId}`, assetsSelector: selector }, 201);
    },
    async negotiate(consumer, provider, assetId) {
      const counterparty = { counterpartyAddress: base.dspBase(provider), counterpartyId: participantIdOf(provider), protocol: DSP };
      const dataset = await call<{ hasPolicy: Record<string, unknown>[] }>('POST', `${participant(consumer)}/catalog/dataset/request`, { ...counterparty, datasetId: assetId }, 200);
      const offer = { ...dataset.hasPolicy[0], target: assetId, assigner: participantIdOf(provider) };
      const created = await call<{ '@id': string }>('POST', `${participant(consumer)}/contractnegotiations`, { counterPartyAddress: counterparty.counterpartyAddress, counterPartyId: counterparty.counterpartyId, protocol: DSP, policy: offer }, 201);
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const res = await fetch(`${participant(consumer)}/contractnegotiations/${encodeURIComponent(created['@id'])}`);
        const negotiation = (await res.json()) as { state: string; contractAgreementId: string | null; errorDetail: string | null };
        if (negotiation.state === 'FINALIZED' && negotiation.contractAgreementId) return negotiation.contractAgreementId;
        if (negotiation.state === 'TERMINATED') throw new Error(`negotiation terminated: ${negotiation.errorDetail}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`negotiation ${created['@id']} did not finalize`);
    },
  };
}
