/**
 * Test support: one runtime with HTTP, the SQL store, local secrets, shared-secret DSP identities,
 * the policy engine, the control plane and the OPC UA data plane (its client PKI in a temp dir),
 * two participant contexts (provider, consumer) where the provider offers every asset under an
 * open policy, and helpers to negotiate over DSP, transfer and wait.
 */
import controlPlane, { ContractNegotiations, ParticipantContexts, TransferProcesses, type TransferProcess, type TransferProcessState } from '@tdss/control-plane';
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { MessageOffer } from '@tdss/json-ld';
import type { Runtime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { HttpServer, SecretStore } from '@tdss/sdk';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import { createLogCapture, createTempDir, type DialectSettings, type LogCapture, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import dataPlaneOpcUa from '../index.ts';

export const PULL = 'OpcUa-PULL';
export const PUSH = 'OpcUa-PUSH';
export const PROVIDER = { context: 'provider', participantId: 'did:web:provider.example' };
export const CONSUMER = { context: 'consumer', participantId: 'did:web:consumer.example' };

const FAST_MACHINE = { pollIntervalMs: 50, leaseMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, jitter: 0 } };

export interface OpcUaRuntime {
  runtime: Runtime;
  transfers: TransferProcesses;
  publicUrl: string;
  /** Every log line of the runtime (debug and up). */
  logs: LogCapture;
  createAsset(id: string, dataAddress: Record<string, unknown>): Promise<void>;
  putSecret(key: string, value: string): Promise<void>;
  /** Negotiates the asset over DSP (catalog, offer, agreement), requests the transfer and waits until both sides are STARTED (or the consumer's ends). */
  transfer(assetId: string, transferType: string, dataDestination?: Record<string, unknown>): Promise<{ consumer: TransferProcess; provider?: TransferProcess }>;
}

/** Where a runtime takes over another's state (a restart, a replica): its port, its key folder, participants there already. */
export interface OpcUaInstance {
  /** Fixed, so that a restarted runtime is found at the DSP and pull addresses handed out before; any free port unless given. */
  port?: number;
  /** The secrets (and the token key) of a runtime before; a fresh folder unless given. */
  keyDir?: string;
  /** False when the participant contexts and the offer exist already (the same database). */
  createParticipants?: boolean;
}

export async function startOpcUaRuntime(t: Test, store: DialectSettings, dataPlane: Record<string, unknown> = {}, instance: OpcUaInstance = {}): Promise<OpcUaRuntime> {
  const logs = createLogCapture();
  const runtime = await startTestRuntime(t, {
    name: 'dataplane-opcua-e2e',
    logLevel: 'debug',
    logDestination: logs,
    plugins: [
      { plugin: http, settings: { port: instance.port ?? 0 } },
      { plugin: storeSql, settings: store },
      { plugin: secretsLocal, settings: { keyEnv: 'TDSS_TEST_NEVER_SET', keyDir: instance.keyDir ?? (await createTempDir(t, 'tdss-keys-')) } },
      { plugin: identityDev, settings: { secret: 'dataplane-opcua-tests-shared-secret-0123456789' } },
      { plugin: policyEngine },
      { plugin: controlPlane, settings: { transferProcess: { stateMachine: FAST_MACHINE, requestTimeoutMs: 5_000 }, contractNegotiation: { machine: FAST_MACHINE, requestTimeoutMs: 5_000 } } },
      { plugin: dataPlaneOpcUa, settings: { pkiDir: await createTempDir(t, 'tdss-opcua-client-pki-'), acceptUnknownServerCertificates: true, ...dataPlane } },
    ],
  });
  const fresh = instance.createParticipants !== false;
  if (fresh) for (const { context, participantId } of [PROVIDER, CONSUMER]) await runtime.get(ParticipantContexts).create({ id: context, participantId });
  const server = runtime.get(HttpServer);
  const managementUrl = server.url('management');
  const dsp = `${server.url('protocol')}/${PROVIDER.context}/2025-1`;
  const transfers = runtime.get(TransferProcesses);
  const negotiations = runtime.get(ContractNegotiations);
  const manage = async (path: string, body: object) => {
    const res = await fetch(`${managementUrl}/v1/participants/${PROVIDER.context}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  if (fresh) {
    await manage('policydefinitions', { '@id': 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } });
    await manage('contractdefinitions', { '@id': 'every-asset', accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: [] });
  }
  const negotiate = async (assetId: string): Promise<string> => {
    const catalog = await fetch(`${managementUrl}/v1/participants/${CONSUMER.context}/catalog/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ counterpartyAddress: dsp, counterpartyId: PROVIDER.participantId }),
    });
    if (catalog.status !== 200) throw new Error(`catalog: ${catalog.status} ${await catalog.text()}`);
    const dataset = ((await catalog.json()) as { dataset: { '@id': string; hasPolicy: MessageOffer[] }[] }).dataset.find((entry) => entry['@id'] === assetId);
    if (!dataset) throw new Error(`the catalog does not offer ${assetId}`);
    const requested = await negotiations.request(CONSUMER.context, {
      counterpartyAddress: dsp,
      counterpartyId: PROVIDER.participantId,
      offer: { ...dataset.hasPolicy[0]!, target: assetId, assigner: PROVIDER.participantId } as MessageOffer,
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const negotiation = await negotiations.get(CONSUMER.context, requested.id);
      if (negotiation.state === 'FINALIZED') return negotiation.agreementId!;
      if (negotiation.state === 'TERMINATED' || Date.now() > deadline) throw new Error(`negotiation of ${assetId}: ${negotiation.state}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    runtime,
    transfers,
    publicUrl: server.url('public'),
    logs,
    async createAsset(id, dataAddress) {
      const res = await fetch(`${managementUrl}/v1/participants/${PROVIDER.context}/assets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ '@id': id, properties: { name: id }, dataAddress }),
      });
      if (res.status !== 201) throw new Error(`asset ${id}: ${res.status} ${await res.text()}`);
    },
    putSecret: (key, value) => runtime.get(SecretStore).put(PROVIDER.context, key, value),
    async transfer(assetId, transferType, dataDestination) {
      const agreementId = await negotiate(assetId);
      const requested = await transfers.request(CONSUMER.context, { counterpartyAddress: dsp, agreementId, transferType, ...(dataDestination ? { dataDestination: dataDestination as never } : {}) });
      const consumer = await waitForState(transfers, CONSUMER.context, requested.id, ['STARTED', 'TERMINATED']);
      if (consumer.state !== 'STARTED') return { consumer };
      return { consumer, provider: await providerProcessOf(transfers, consumer.id) };
    },
  };
}

/** Polls until the process is in one of `states`; fails with the last state seen. */
export async function waitForState(transfers: TransferProcesses, participantContextId: string, id: string, states: TransferProcessState[], timeoutMs = 30_000): Promise<TransferProcess> {
  const deadline = Date.now() + timeoutMs;
  let last: TransferProcess | undefined;
  while (Date.now() < deadline) {
    last = await transfers.get(participantContextId, id);
    if (states.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`transfer ${id} of ${participantContextId} did not reach ${states.join('/')} within ${timeoutMs} ms; it is ${last?.state} (${last?.errorDetail ?? 'no detail'})`);
}

async function providerProcessOf(transfers: TransferProcesses, consumerPid: string): Promise<TransferProcess> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const page = await transfers.list(PROVIDER.context, { offset: 0, limit: 500, filters: { role: 'PROVIDER' } });
    const found = page.items.find((item) => item.consumerPid === consumerPid);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no provider process for ${consumerPid}`);
}

/** The pull address's endpoints and bearer token. */
export function pullTarget(process: TransferProcess): { values: string; stream: string; token: string } {
  const property = (name: string) => process.dataAddress?.endpointProperties?.find((p) => p.name === name)?.value ?? '';
  return { values: property('valuesEndpoint'), stream: property('streamEndpoint'), token: property('authorization') };
}
