/**
 * S3 data plane: an AmazonS3-PUSH of one TDSS_BENCH_S3_MB (default 256) MB object through
 * @tdss/dataplane-s3 (negotiated transfer, DPS start, streamed multipart copy with per-part
 * progress in SQLite, completion back to the control plane) against a direct copy with the AWS
 * SDK in the same run (the same ranged GET → UploadPart loop, same part size, nothing recorded),
 * both between two buckets of one S3Mock on loopback. Median of 3 rounds each way, and the
 * process's peak RSS growth while the data plane copies.
 *
 * Target: ≥ 80% of the direct copy's throughput, flat memory.
 *
 *   node test/bench/dataplane-s3.ts    # or `npm run bench dataplane-s3`
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import controlPlane, { ContractAgreements, ParticipantContexts, TransferProcesses, type TransferProcess } from '@tdss/control-plane';
import dataPlaneS3 from '@tdss/dataplane-s3';
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import type { Agreement } from '@tdss/json-ld';
import { createRuntime } from '@tdss/kernel';
import policyEngine from '@tdss/policy-engine';
import { HttpServer, SecretStore } from '@tdss/sdk';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import { generated } from '../../plugins/dataplane-s3/src/test-support/s3-runtime.ts';
import { startS3Mock, TEST_CREDENTIALS } from '../../plugins/dataplane-s3/src/test-support/s3-server.ts';
import type { BenchSuite } from './run.ts';
import { median, round } from './suites/statistics.ts';

const SIZE_MB = Number(process.env.TDSS_BENCH_S3_MB ?? 256);
const PART_MB = 8;
const ROUNDS = 3;
const MB = 1024 * 1024;
const PROVIDER = 'did:web:bench-provider';
const CONSUMER = 'did:web:bench-consumer';

/** The baseline: what an application would write with the SDK alone. */
async function directCopy(client: S3Client, from: { bucket: string; key: string }, to: { bucket: string; key: string }): Promise<void> {
  const head = await client.send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key }));
  const size = head.ContentLength!;
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: to.bucket, Key: to.key }));
  const parts: { PartNumber: number; ETag: string }[] = [];
  for (let first = 0, partNumber = 1; first < size; first += PART_MB * MB, partNumber++) {
    const last = Math.min(first + PART_MB * MB, size) - 1;
    const range = await client.send(new GetObjectCommand({ Bucket: from.bucket, Key: from.key, Range: `bytes=${first}-${last}` }));
    const part = await client.send(new UploadPartCommand({ Bucket: to.bucket, Key: to.key, UploadId, PartNumber: partNumber, Body: range.Body as never, ContentLength: last - first + 1 }));
    parts.push({ PartNumber: partNumber, ETag: part.ETag! });
  }
  await client.send(new CompleteMultipartUploadCommand({ Bucket: to.bucket, Key: to.key, UploadId, MultipartUpload: { Parts: parts } }));
}

export const dataplaneS3: BenchSuite = {
  name: 'dataplane-s3',
  description: `AmazonS3-PUSH of a ${SIZE_MB} MB object through @tdss/dataplane-s3 vs a direct SDK multipart copy, S3Mock on loopback`,
  async run() {
    const s3 = await startS3Mock();
    const dataDir = await mkdtemp(join(tmpdir(), 'tdss-bench-dataplane-s3-'));
    const client = s3.client();
    const runtime = createRuntime({
      runtime: { name: 'bench-dataplane-s3', dataDir, logLevel: 'warn' },
      logDestination: process.stderr,
      plugins: [
        { plugin: http, settings: { port: 0 } },
        { plugin: storeSql, settings: { dialect: 'sqlite', file: join(dataDir, 'db.sqlite') } },
        { plugin: secretsLocal, settings: { keyEnv: 'TDSS_BENCH_NEVER_SET', keyDir: dataDir } },
        { plugin: identityDev, settings: { secret: 'bench-dataplane-s3-secret-0123456789abcdef' } },
        { plugin: policyEngine },
        { plugin: controlPlane, settings: { transferProcess: { stateMachine: { pollIntervalMs: 50 } } } },
        { plugin: dataPlaneS3, settings: { endpointOverrides: [s3.url], partSizeBytes: PART_MB * MB } },
      ],
    });
    try {
      for (const bucket of ['bench-source', 'bench-direct', 'bench-dataplane']) await s3.createBucket(bucket);
      await client.send(new PutObjectCommand({ Bucket: 'bench-source', Key: 'object.bin', Body: generated(SIZE_MB * MB, 'bench') }));
      await runtime.start();
      const contexts = runtime.get(ParticipantContexts);
      await contexts.create({ id: 'provider', participantId: PROVIDER });
      await contexts.create({ id: 'consumer', participantId: CONSUMER });
      await runtime.get(SecretStore).put('provider', 'bench-bucket', JSON.stringify(TEST_CREDENTIALS));
      const server = runtime.get(HttpServer);
      const transfers = runtime.get(TransferProcesses);
      const res = await fetch(`${server.url('management')}/v1/participants/provider/assets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ '@id': 'object', dataAddress: { type: 'AmazonS3', bucketName: 'bench-source', objectName: 'object.bin', endpointOverride: s3.url, keyName: 'bench-bucket' } }),
      });
      if (res.status !== 201) throw new Error(`asset: ${res.status} ${await res.text()}`);
      const agreement = { '@id': 'agreement-object', '@type': 'Agreement', target: 'object', assigner: PROVIDER, assignee: CONSUMER, timestamp: '2025-01-01T00:00:00Z', permission: [{ action: 'use' }] } as Agreement;
      for (const context of ['provider', 'consumer']) await runtime.get(ContractAgreements).create(context, agreement);

      const pushed = async (key: string) => {
        const destination = { '@type': 'DataAddress', endpointType: 'AmazonS3', endpointProperties: Object.entries({ bucketName: 'bench-dataplane', objectName: key, endpointOverride: s3.url, keyName: 'bench-bucket' }).map(([name, value]) => ({ '@type': 'EndpointProperty', name, value })) };
        const requested = await transfers.request('consumer', { counterpartyAddress: `${server.url('protocol')}/provider/2025-1`, agreementId: 'agreement-object', transferType: 'AmazonS3-PUSH', dataDestination: destination as never });
        let process: TransferProcess = requested;
        while (process.state !== 'COMPLETED') {
          if (process.state === 'TERMINATED') throw new Error(`transfer terminated: ${process.errorDetail}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
          process = await transfers.get('consumer', requested.id);
        }
      };
      const rate = async (copy: () => Promise<void>) => {
        const started = performance.now();
        await copy();
        return SIZE_MB / ((performance.now() - started) / 1000);
      };

      const directRates: number[] = [];
      const planeRates: number[] = [];
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      for (let round = 0; round < ROUNDS; round++) {
        directRates.push(await rate(() => directCopy(client, { bucket: 'bench-source', key: 'object.bin' }, { bucket: 'bench-direct', key: `copy-${round}` })));
        planeRates.push(await rate(() => pushed(`copy-${round}`)));
      }
      clearInterval(sampler);
      const copied = await client.send(new HeadObjectCommand({ Bucket: 'bench-dataplane', Key: `copy-${ROUNDS - 1}` }));
      if (copied.ContentLength !== SIZE_MB * MB) throw new Error(`the data plane copied ${copied.ContentLength} bytes, not ${SIZE_MB * MB}`);

      const ratio = median(planeRates) / median(directRates);
      return {
        sizeMb: SIZE_MB,
        partMb: PART_MB,
        server: 'S3Mock (loopback)',
        directSdkMbPerSecond: round(median(directRates)),
        dataPlaneMbPerSecond: round(median(planeRates)),
        ratio: round(ratio),
        rounds: { direct: directRates.map((r) => round(r)), dataPlane: planeRates.map((r) => round(r)) },
        peakRssGrowthMb: round((peak - baseline) / MB),
        targets: { ratioAtLeast: 0.8, met: ratio >= 0.8 },
      };
    } finally {
      await runtime.stop();
      client.destroy();
      await s3.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await dataplaneS3.run(), null, 2)}\n`);
}
