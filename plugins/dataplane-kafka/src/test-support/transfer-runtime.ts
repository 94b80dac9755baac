/**
 * Test support: one runtime with HTTP, the SQL store, local secrets, shared-secret DSP identities,
 * the policy engine, the control plane and the Kafka data plane; two participant contexts that
 * negotiate an agreement for a Kafka asset over DSP through the management API; polling helpers.
 */
import controlPlane, { TransferProcesses, type TransferProcess, type TransferProcessState } from '@tdss/control-plane';
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { Runtime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { HttpServer, SecretStore } from '@tdss/sdk';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import { type DialectSettings, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import dataPlaneKafka from '../index.ts';

const SECRET = 'dataplane-kafka-tests-shared-secret-0123456789';
const DSP = 'dataspace-protocol-http:2025-1';
const EVERYONE = { permission: [{ action: 'use' }] };
const FAST = { pollIntervalMs: 50, leaseMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, jitter: 0 } };

export const participantIdOf = (context: string) => `did:web:${context}.example`;

export interface TransferRuntime {
  readonly runtime: Runtime;
  readonly transfers: TransferProcesses;
  dspBase(participantContextId: string): string;
  /** Creates the participant contexts (the first time; the database keeps them across runtimes). */
  createParticipants(...ids: string[]): Promise<void>;
  /** Provider: an asset with this data address, offered to everyone. */
  offer(provider: string, assetId: string, dataAddress: Record<string, unknown>): Promise<void>;
  /** Consumer: reads the dataset from the provider's catalog and negotiates its offer; resolves to the agreement id. */
  negotiate(consumer: string, provider: string, assetId: string): Promise<string>;
  putSecret(participantContextId: string, key: string, value: string): Promise<void>;
}

/**
 * A runtime started again with the same name (the secrets' master key file is named after it),
 * store, key folder and port (the counterparty addresses stored in transfer processes name it)
 * finds its secrets, flows and peers.
 */
export async function startTransferRuntime(t: Test, options: { name: string; store: DialectSettings; keyDir: string; port?: number; dataPlane?: Record<string, unknown> }): Promise<TransferRuntime> {
  const runtime = await startTestRuntime(t, {
    name: options.name,
    plugins: [
      { plugin: http, settings: { port: options.port ?? 0 } },
      { plugin: storeSql, settings: options.store },
      { plugin: secretsLocal, settings: { keyEnv: 'TDSS_TEST_NEVER_SET', keyDir: options.keyDir } },
      { plugin: identityDev, settings: { secret: SECRET } },
      { plugin: policyEngine },
      { plugin: controlPlane, settings: { transferProcess: { stateMachine: FAST, requestTimeoutMs: 5_000 }, contractNegotiation: { machine: FAST, requestTimeoutMs: 5_000 } } },
      { plugin: dataPlaneKafka, settings: { sessionTimeoutMs: 6_000, ...options.dataPlane } },
    ],
  });
  const server = runtime.get(HttpServer);
  const management = server.url('management');
  const protocol = server.url('protocol');
  const participant = (id: string) => `${management}/v1/participants/${encodeURIComponent(id)}`;
  const dspBase = (id: string) => `${protocol}/${encodeURIComponent(id)}/2025-1`;
  const call = async <T>(method: string, url: string, body: unknown, expected: number): Promise<T> => {
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    runtime,
    transfers: runtime.get(TransferProcesses),
    dspBase,
    async createParticipants(...ids) {
      for (const id of ids) await call('POST', `${management}/v1/participants`, { id, participantId: participantIdOf(id) }, 201);
    },
    async offer(provider, assetId, dataAddress) {
      await call('POST', `${participant(provider)}/policydefinitions`, { '@id': `everyone-${assetId}`, policy: EVERYONE }, 201);
      await call('POST', `${participant(provider)}/assets`, { '@id': assetId, properties: { name: assetId }, dataAddress }, 201);
      const selector = [{ operandLeft: 'id', operator: '=', operandRight: assetId }];
      await call('POST', `${participant(provider)}/contractdefinitions`, { '@id': `cd-${assetId}`, accessPolicyId: `everyone-${assetId}`, contractPolicyId: `everyone-${assetId}`, assetsSelector: selector }, 201);
    },
    async negotiate(consumer, provider, assetId) {
      const counterparty = { counterpartyAddress: dspBase(provider), counterpartyId: participantIdOf(provider), protocol: DSP };
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
    putSecret: (participantContextId, key, value) => runtime.get(SecretStore).put(participantContextId, key, value),
  };
}

/** Polls until the process is in `state`; fails with the last state seen. */
export async function waitForState(transfers: TransferProcesses, participantContextId: string, id: string, state: TransferProcessState, timeoutMs = 60_000): Promise<TransferProcess> {
  const deadline = Date.now() + timeoutMs;
  let last: TransferProcess | undefined;
  while (Date.now() < deadline) {
    last = await transfers.get(participantContextId, id);
    if (last.state === state) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`transfer ${id} of ${participantContextId} did not reach ${state} within ${timeoutMs} ms; it is ${last?.state} (${last?.errorDetail ?? 'no detail'})`);
}

/** The provider's process of a consumer's transfer. */
export async function providerProcessOf(transfers: TransferProcesses, provider: string, consumerPid: string, timeoutMs = 30_000): Promise<TransferProcess> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = await transfers.list(provider, { offset: 0, limit: 500, filters: { role: 'PROVIDER' } });
    const found = page.items.find((item) => item.consumerPid === consumerPid);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no provider process for ${consumerPid}`);
}
