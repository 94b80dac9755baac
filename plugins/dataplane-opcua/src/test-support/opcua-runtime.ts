/**
 * Test support: one runtime with HTTP, the SQL store, local secrets, shared-secret DSP identities,
 * the policy engine, the control plane and the OPC UA data plane (its client PKI in a temp dir),
 * two participant contexts (provider, consumer) where the provider offers every asset under an
 * open policy, and helpers to negotiate over DSP, transfer and wait.
 */
import controlPlane, { ContractNegotiations, TransferProcesses, type TransferProcess } from '@tdss/control-plane';
import { providerProcessOf, startDataPlaneTestRuntime, TEST_CONSUMER, TEST_PROVIDER, waitForTransferState } from '@tdss/dataplane-sdk/testing';
import type { MessageOffer } from '@tdss/json-ld';
import type { Runtime } from '@tdss/kernel';
import { createLogCapture, createTempDir, type DialectSettings, type LogCapture } from '@tdss/testing';
import type { Test } from 'tap';
import dataPlaneOpcUa from '../index.ts';

export const PULL = 'OpcUa-PULL';
export const PUSH = 'OpcUa-PUSH';
export const PROVIDER = TEST_PROVIDER;
export const CONSUMER = TEST_CONSUMER;

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
  const fresh = instance.createParticipants !== false;
  const base = await startDataPlaneTestRuntime(t, {
    name: 'dataplane-opcua-e2e',
    logs,
    store,
    ...(instance.port === undefined ? {} : { port: instance.port }),
    ...(instance.keyDir === undefined ? {} : { keyDir: instance.keyDir }),
    controlPlane,
    dataPlane: { plugin: dataPlaneOpcUa, settings: { pkiDir: await createTempDir(t, 'tdss-opcua-client-pki-'), acceptUnknownServerCertificates: true, ...dataPlane } },
    requestTimeoutMs: 5_000,
    dspSecret: 'dataplane-opcua-tests-shared-secret-0123456789',
    ...(fresh ? {} : { participants: [] }),
  });
  const { runtime, managementUrl } = base;
  const dsp = base.dspBase(PROVIDER.context);
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
    publicUrl: base.publicUrl,
    logs,
    createAsset: (id, dataAddress) => base.createAsset(PROVIDER.context, id, dataAddress),
    putSecret: (key, value) => base.putSecret(PROVIDER.context, key, value),
    async transfer(assetId, transferType, dataDestination) {
      const agreementId = await negotiate(assetId);
      const requested = await transfers.request(CONSUMER.context, { counterpartyAddress: dsp, agreementId, transferType, ...(dataDestination ? { dataDestination: dataDestination as never } : {}) });
      const consumer = await waitForTransferState(transfers, CONSUMER.context, requested.id, ['STARTED', 'TERMINATED']);
      if (consumer.state !== 'STARTED') return { consumer };
      return { consumer, provider: await providerProcessOf(transfers, PROVIDER.context, consumer.id) };
    },
  };
}

/** The pull address's endpoints and bearer token. */
export function pullTarget(process: TransferProcess): { values: string; stream: string; token: string } {
  const property = (name: string) => process.dataAddress?.endpointProperties?.find((p) => p.name === name)?.value ?? '';
  return { values: property('valuesEndpoint'), stream: property('streamEndpoint'), token: property('authorization') };
}
