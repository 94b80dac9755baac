/**
 * Test support: one runtime with HTTP, the SQL store, local secrets, shared-secret DSP identities,
 * the policy engine, the control plane and the S3 data plane, two participant contexts (provider
 * and consumer) and helpers to agree, publish S3 assets and request pushes. Port, database and
 * key folder can be given, so that a second runtime takes over the first one's state (a restart).
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import controlPlane, { ContractAgreements, TransferProcesses, type TransferProcess, type TransferProcessState } from '@tdss/control-plane';
import { providerProcessOf, startDataPlaneTestRuntime, TEST_CONSUMER, TEST_PROVIDER, waitForTransferState } from '@tdss/dataplane-sdk/testing';
import type { Agreement } from '@tdss/json-ld';
import type { Runtime } from '@tdss/kernel';
import type { DialectSettings } from '@tdss/testing';
import type { Test } from 'tap';
import dataPlaneS3 from '../index.ts';
import { TEST_CREDENTIALS } from './s3-server.ts';

export const PUSH = 'AmazonS3-PUSH';
export const PROVIDER = TEST_PROVIDER;
export const CONSUMER = TEST_CONSUMER;
export const MB = 1024 * 1024;

export interface S3RuntimeOptions {
  name: string;
  store: DialectSettings;
  keyDir: string;
  /** Fixed, so a restarted runtime is found at the same DSP and callback addresses. */
  port: number;
  dataPlane: Record<string, unknown>;
  /** False when the participant contexts exist already (a restart on the same database). */
  createParticipants?: boolean;
}

export interface S3Runtime {
  runtime: Runtime;
  transfers: TransferProcesses;
  managementUrl: string;
  agree(id: string, assetId: string): Promise<void>;
  createAsset(id: string, dataAddress: Record<string, unknown>): Promise<void>;
  putSecret(participantContextId: string, key: string, value: string): Promise<void>;
  /** The consumer asks the provider to push the agreement's asset to `destination` (endpoint properties). */
  push(agreementId: string, destination: Record<string, string>): Promise<{ consumer: TransferProcess; provider: TransferProcess }>;
  waitFor(participantContextId: string, id: string, state: TransferProcessState, timeoutMs?: number): Promise<TransferProcess>;
}

export async function startS3Runtime(t: Test, options: S3RuntimeOptions): Promise<S3Runtime> {
  const base = await startDataPlaneTestRuntime(t, {
    name: options.name,
    store: options.store,
    keyDir: options.keyDir,
    port: options.port,
    controlPlane,
    dataPlane: { plugin: dataPlaneS3, settings: options.dataPlane },
    requestTimeoutMs: 10_000,
    dspSecret: 'dataplane-s3-tests-shared-secret-0123456789',
    ...(options.createParticipants === false ? { participants: [] } : {}),
  });
  const { runtime, managementUrl } = base;
  const transfers = runtime.get(TransferProcesses);
  const agreements = runtime.get(ContractAgreements);

  return {
    runtime,
    transfers,
    managementUrl,
    async agree(id, assetId) {
      for (const { context } of [PROVIDER, CONSUMER]) await agreements.create(context, agreementOf(id, assetId));
    },
    createAsset: (id, dataAddress) => base.createAsset(PROVIDER.context, id, dataAddress),
    putSecret: base.putSecret,
    async push(agreementId, destination) {
      const dataDestination = { '@type': 'DataAddress', endpointType: 'AmazonS3', endpointProperties: Object.entries(destination).map(([name, value]) => ({ '@type': 'EndpointProperty', name, value })) };
      const consumer = await transfers.request(CONSUMER.context, { counterpartyAddress: base.dspBase(PROVIDER.context), agreementId, transferType: PUSH, dataDestination: dataDestination as never });
      return { consumer, provider: await providerProcessOf(transfers, PROVIDER.context, consumer.id) };
    },
    waitFor: (participantContextId, id, state, timeoutMs = 60_000) => waitForTransferState(transfers, participantContextId, id, [state], timeoutMs),
  };
}

function agreementOf(id: string, assetId: string): Agreement {
  return { '@id': id, '@type': 'Agreement', target: assetId, assigner: PROVIDER.participantId, assignee: CONSUMER.participantId, timestamp: '2025-01-01T00:00:00Z', permission: [{ action: 'use' }] } as Agreement;
}

export const CREDENTIALS_SECRET = JSON.stringify(TEST_CREDENTIALS);

/** Deterministic bytes of a given size (a counter hashed block by block), different per seed. */
export function generated(size: number, seed: string): Buffer {
  const out = Buffer.allocUnsafe(size);
  for (let offset = 0, block = 0; offset < size; block++) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    offset += digest.copy(out, offset, 0, Math.min(digest.length, size - offset));
  }
  return out;
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export async function putObject(client: S3Client, bucket: string, key: string, body: Buffer): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** The object's sha-256, streamed. */
export async function objectSha256(client: S3Client, bucket: string, key: string): Promise<string> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of object.Body as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
