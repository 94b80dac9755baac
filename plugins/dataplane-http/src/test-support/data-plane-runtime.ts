/**
 * Test support: one runtime with HTTP, the SQL store, local secrets, shared-secret DSP identities,
 * the policy engine, the control plane and the HTTP data plane, with participant contexts,
 * agreements between them and assets; polling helpers.
 */
import controlPlane, { ContractAgreements, ParticipantContexts, TransferProcesses, type TransferProcess, type TransferProcessState } from '@tdss/control-plane';
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { Agreement } from '@tdss/json-ld';
import type { PluginEntry, Runtime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { HttpServer, SecretStore } from '@tdss/sdk';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import { createTempDir, type DialectSettings, startTestRuntime } from '@tdss/testing';
import type { Test } from 'tap';
import dataPlaneHttp from '../index.ts';

export const PULL = 'HttpData-PULL';
export const PUSH = 'HttpData-PUSH';
export const SECRET = 'dataplane-http-tests-shared-secret-0123456789';

export const FAST_TRANSFERS = {
  stateMachine: { pollIntervalMs: 50, leaseMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, jitter: 0 } },
  requestTimeoutMs: 5_000,
};

export interface DataPlaneRuntime {
  runtime: Runtime;
  transfers: TransferProcesses;
  managementUrl: string;
  signalingUrl: string;
  publicUrl: string;
  dspBase(participantContextId: string): string;
  /** The same agreement in the provider's and the consumer's participant context. */
  agree(provider: { context: string; participantId: string }, consumer: { context: string; participantId: string }, id: string, assetId: string): Promise<void>;
  /** An agreement of `providerId` with `consumerId`, recorded in one participant context of this runtime (the other side is in another runtime). */
  recordAgreement(context: string, providerId: string, consumerId: string, id: string, assetId: string): Promise<void>;
  createAsset(participantContextId: string, id: string, dataAddress: Record<string, unknown>): Promise<void>;
  putSecret(participantContextId: string, key: string, value: string): Promise<void>;
}

export async function dataPlanePlugins(t: Test, store: DialectSettings, dataPlane: Record<string, unknown> = {}): Promise<PluginEntry[]> {
  return [
    { plugin: http, settings: { port: 0 } },
    { plugin: storeSql, settings: store },
    { plugin: secretsLocal, settings: { keyEnv: 'TDSS_TEST_NEVER_SET', keyDir: await createTempDir(t, 'tdss-keys-') } },
    { plugin: identityDev, settings: { secret: SECRET } },
    { plugin: policyEngine },
    { plugin: controlPlane, settings: { transferProcess: FAST_TRANSFERS } },
    { plugin: dataPlaneHttp, settings: { allowFileSources: true, ...dataPlane } },
  ];
}

export async function startDataPlaneRuntime(t: Test, options: { name: string; store: DialectSettings; participants: Record<string, string>; dataPlane?: Record<string, unknown> }): Promise<DataPlaneRuntime> {
  const runtime = await startTestRuntime(t, { name: options.name, plugins: await dataPlanePlugins(t, options.store, options.dataPlane) });
  for (const [id, participantId] of Object.entries(options.participants)) await runtime.get(ParticipantContexts).create({ id, participantId });
  const server = runtime.get(HttpServer);
  const managementUrl = server.url('management');
  const protocolUrl = server.url('protocol');
  const agreements = runtime.get(ContractAgreements);
  return {
    runtime,
    transfers: runtime.get(TransferProcesses),
    managementUrl,
    signalingUrl: server.url('signaling'),
    publicUrl: server.url('public'),
    dspBase: (id) => `${protocolUrl}/${encodeURIComponent(id)}/2025-1`,
    async agree(provider, consumer, id, assetId) {
      await agreements.create(provider.context, agreementOf(provider.participantId, consumer.participantId, id, assetId));
      await agreements.create(consumer.context, agreementOf(provider.participantId, consumer.participantId, id, assetId));
    },
    async recordAgreement(context, providerId, consumerId, id, assetId) {
      await agreements.create(context, agreementOf(providerId, consumerId, id, assetId));
    },
    async createAsset(participantContextId, id, dataAddress) {
      const res = await fetch(`${managementUrl}/v1/participants/${encodeURIComponent(participantContextId)}/assets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ '@id': id, properties: { name: id }, dataAddress }),
      });
      if (res.status !== 201) throw new Error(`asset ${id}: ${res.status} ${await res.text()}`);
    },
    putSecret: (participantContextId, key, value) => runtime.get(SecretStore).put(participantContextId, key, value),
  };
}

function agreementOf(providerId: string, consumerId: string, id: string, assetId: string): Agreement {
  return { '@id': id, '@type': 'Agreement', target: assetId, assigner: providerId, assignee: consumerId, timestamp: '2025-01-01T00:00:00Z', permission: [{ action: 'use' }] } as Agreement;
}

/** Polls until the process is in `state`; fails with the last state seen. */
export async function waitForState(transfers: TransferProcesses, participantContextId: string, id: string, state: TransferProcessState, timeoutMs = 30_000): Promise<TransferProcess> {
  const deadline = Date.now() + timeoutMs;
  let last: TransferProcess | undefined;
  while (Date.now() < deadline) {
    last = await transfers.get(participantContextId, id);
    if (last.state === state) return last;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`transfer ${id} of ${participantContextId} did not reach ${state} within ${timeoutMs} ms; it is ${last?.state} (${last?.errorDetail ?? 'no detail'})`);
}

/** The provider's process of a consumer's transfer. */
export async function providerProcessOf(transfers: TransferProcesses, providerContextId: string, consumerPid: string, timeoutMs = 30_000): Promise<TransferProcess> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = await transfers.list(providerContextId, { offset: 0, limit: 500, filters: { role: 'PROVIDER' } });
    const found = page.items.find((item) => item.consumerPid === consumerPid);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no provider process for ${consumerPid}`);
}

/** The endpoint and bearer token of a pull address. */
export function pullTarget(process: TransferProcess): { endpoint: string; token: string; refreshToken: string; refreshEndpoint: string } {
  const property = (name: string) => process.dataAddress?.endpointProperties?.find((p) => p.name === name)?.value ?? '';
  return { endpoint: process.dataAddress?.endpoint ?? '', token: property('authorization'), refreshToken: property('refreshToken'), refreshEndpoint: property('refreshEndpoint') };
}
