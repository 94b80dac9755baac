/**
 * Test support: the SDK's data plane test runtime with the HTTP data plane (file sources allowed),
 * with the participant contexts given, agreements between them and the address of a pull.
 */
import controlPlane, { ContractAgreements, TransferProcesses, type TransferProcess } from '@tdss/control-plane';
import { type DataPlaneTestRuntime, startDataPlaneTestRuntime } from '@tdss/dataplane-sdk/testing';
import type { Agreement } from '@tdss/json-ld';
import { HttpServer } from '@tdss/sdk';
import type { DialectSettings } from '@tdss/testing';
import type { Test } from 'tap';
import dataPlaneHttp from '../index.ts';

export const PULL = 'HttpData-PULL';
export const PUSH = 'HttpData-PUSH';
export const SECRET = 'dataplane-http-tests-shared-secret-0123456789';

export interface DataPlaneRuntime extends DataPlaneTestRuntime {
  transfers: TransferProcesses;
  signalingUrl: string;
  /** The same agreement in the provider's and the consumer's participant context. */
  agree(provider: { context: string; participantId: string }, consumer: { context: string; participantId: string }, id: string, assetId: string): Promise<void>;
  /** An agreement of `providerId` with `consumerId`, recorded in one participant context of this runtime (the other side is in another runtime). */
  recordAgreement(context: string, providerId: string, consumerId: string, id: string, assetId: string): Promise<void>;
}

export async function startDataPlaneRuntime(t: Test, options: { name: string; store: DialectSettings; participants: Record<string, string>; dataPlane?: Record<string, unknown> }): Promise<DataPlaneRuntime> {
  const base = await startDataPlaneTestRuntime(t, {
    name: options.name,
    store: options.store,
    controlPlane,
    dataPlane: { plugin: dataPlaneHttp, settings: { allowFileSources: true, ...options.dataPlane } },
    requestTimeoutMs: 5_000,
    dspSecret: SECRET,
    participants: Object.entries(options.participants).map(([context, participantId]) => ({ context, participantId })),
  });
  const agreements = base.runtime.get(ContractAgreements);
  const recordAgreement = async (context: string, providerId: string, consumerId: string, id: string, assetId: string) => {
    await agreements.create(context, agreementOf(providerId, consumerId, id, assetId));
  };
  return {
    ...base,
    transfers: base.runtime.get(TransferProcesses),
    signalingUrl: base.runtime.get(HttpServer).url('signaling'),
    async agree(provider, consumer, id, assetId) {
      for (const { context } of [provider, consumer]) await recordAgreement(context, provider.participantId, consumer.participantId, id, assetId);
    },
    recordAgreement,
  };
}

function agreementOf(providerId: string, consumerId: string, id: string, assetId: string): Agreement {
  return { '@id': id, '@type': 'Agreement', target: assetId, assigner: providerId, assignee: consumerId, timestamp: '2025-01-01T00:00:00Z', permission: [{ action: 'use' }] } as Agreement;
}

/** The endpoint and bearer token of a pull address. */
export function pullTarget(process: TransferProcess): { endpoint: string; token: string; refreshToken: string; refreshEndpoint: string } {
  const property = (name: string) => process.dataAddress?.endpointProperties?.find((p) => p.name === name)?.value ?? '';
  return { endpoint: process.dataAddress?.endpoint ?? '', token: property('authorization'), refreshToken: property('refreshToken'), refreshEndpoint: property('refreshEndpoint') };
}
