/**
 * Test support: one runtime with HTTP, the SQL store, local secrets, shared-secret DSP identities,
 * the policy engine, the control plane and the OPC UA data plane (its client PKI in a temp dir),
 * two participant contexts (provider, consumer), and helpers to agree, transfer and wait.
 */
import controlPlane, { ContractAgreements, ParticipantContexts, TransferProcesses, type TransferProcess, type TransferProcessState } from '@tdss/control-plane';
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { Agreement } from '@tdss/json-ld';
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

const FAST_TRANSFERS = {
  stateMachine: { pollIntervalMs: 50, leaseMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, jitter: 0 } },
  requestTimeoutMs: 5_000,
};

export interface OpcUaRuntime {
  runtime: Runtime;
  transfers: TransferProcesses;
  publicUrl: string;
  /** Every log line of the runtime (debug and up). */
  logs: LogCapture;
  createAsset(id: string, dataAddress: Record<string, unknown>): Promise<void>;
  putSecret(key: string, value: string): Promise<void>;
  /** Agrees on the asset (both sides), requests the transfer and waits until both sides are STARTED (or the consumer's ends). */
  transfer(assetId: string, transferType: string, dataDestination?: Record<string, unknown>): Promise<{ consumer: TransferProcess; provider?: TransferProcess }>;
}

export async function startOpcUaRuntime(t: Test, store: DialectSettings, dataPlane: Record<string, unknown> = {}): Promise<OpcUaRuntime> {
  const logs = createLogCapture();
  const runtime = await startTestRuntime(t, {
    name: 'dataplane-opcua-e2e',
    logLevel: 'debug',
    logDestination: logs,
    plugins: [
      { plugin: http, settings: { port: 0 } },
      { plugin: storeSql, settings: store },
      { plugin: secretsLocal, settings: { keyEnv: 'TDSS_TEST_NEVER_SET', keyDir: await createTempDir(t, 'tdss-keys-') } },
      { plugin: identityDev, settings: { secret: 'dataplane-opcua-tests-shared-secret-0123456789' } },
      { plugin: policyEngine },
      { plugin: controlPlane, settings: { transferProcess: FAST_TRANSFERS } },
      { plugin: dataPlaneOpcUa, settings: { pkiDir: await createTempDir(t, 'tdss-opcua-client-pki-'), acceptUnknownServerCertificates: true, ...dataPlane } },
    ],
  });
  for (const { context, participantId } of [PROVIDER, CONSUMER]) await runtime.get(ParticipantContexts).create({ id: context, participantId });
  const server = runtime.get(HttpServer);
  const managementUrl = server.url('management');
  const dsp = `${server.url('protocol')}/${PROVIDER.context}/2025-1`;
  const transfers = runtime.get(TransferProcesses);
  const agreements = runtime.get(ContractAgreements);
  let agreed = 0;
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
      agreed += 1;
      const agreementId = `agreement-${assetId}-${agreed}`;
      const agreement = { '@id': agreementId, '@type': 'Agreement', target: assetId, assigner: PROVIDER.participantId, assignee: CONSUMER.participantId, timestamp: '2025-01-01T00:00:00Z', permission: [{ action: 'use' }] } as Agreement;
      await agreements.create(PROVIDER.context, agreement);
      await agreements.create(CONSUMER.context, agreement);
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
