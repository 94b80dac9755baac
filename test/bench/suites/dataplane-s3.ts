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
 *   node test/bench/suites/dataplane-s3.ts    # or `npm run bench dataplane-s3`
 */
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import dataPlaneS3 from '@tdss/dataplane-s3';
import { SecretStore } from '@tdss/sdk';
import { generated } from '../../../plugins/dataplane-s3/src/test-support/s3-runtime.ts';
import { startS3Mock, TEST_CREDENTIALS } from '../../../plugins/dataplane-s3/src/test-support/s3-server.ts';
import type { BenchSuite } from '../run.ts';
import { benchNumber } from './bench-env.ts';
import { type DataPlaneBench, startDataPlaneBench } from './dataplane-bench-runtime.ts';
import { sampleRss } from './rss-sampler.ts';
import { median, round } from './statistics.ts';

const SIZE_MB = benchNumber('TDSS_BENCH_S3_MB', 256);
const PART_MB = 8;
const ROUNDS = 3;
const MB = 1024 * 1024;

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
    const client = s3.client();
    let bench: DataPlaneBench | undefined;
    try {
      for (const bucket of ['bench-source', 'bench-direct', 'bench-dataplane']) await s3.createBucket(bucket);
      await client.send(new PutObjectCommand({ Bucket: 'bench-source', Key: 'object.bin', Body: generated(SIZE_MB * MB, 'bench') }));
      bench = await startDataPlaneBench(
        'bench-dataplane-s3',
        { plugin: dataPlaneS3, settings: { endpointOverrides: [s3.url], partSizeBytes: PART_MB * MB } },
        { transferProcess: { stateMachine: { pollIntervalMs: 50 } } },
      );
      await bench.runtime.get(SecretStore).put('provider', 'bench-bucket', JSON.stringify(TEST_CREDENTIALS));
      await bench.offer('object', { type: 'AmazonS3', bucketName: 'bench-source', objectName: 'object.bin', endpointOverride: s3.url, keyName: 'bench-bucket' });
      const pushed = async (key: string) => {
        const destination = { '@type': 'DataAddress', endpointType: 'AmazonS3', endpointProperties: Object.entries({ bucketName: 'bench-dataplane', objectName: key, endpointOverride: s3.url, keyName: 'bench-bucket' }).map(([name, value]) => ({ '@type': 'EndpointProperty', name, value })) };
        await bench!.transfer('object', { transferType: 'AmazonS3-PUSH', dataDestination: destination }, 'COMPLETED', 10);
      };
      const rate = async (copy: () => Promise<void>) => {
        const started = performance.now();
        await copy();
        return SIZE_MB / ((performance.now() - started) / 1000);
      };

      const directRates: number[] = [];
      const planeRates: number[] = [];
      const rss = sampleRss();
      for (let round = 0; round < ROUNDS; round++) {
        directRates.push(await rate(() => directCopy(client, { bucket: 'bench-source', key: 'object.bin' }, { bucket: 'bench-direct', key: `copy-${round}` })));
        planeRates.push(await rate(() => pushed(`copy-${round}`)));
      }
      const memory = rss.stop();
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
        peakRssGrowthMb: round(memory.growthMb),
        targets: { ratioAtLeast: 0.8, met: ratio >= 0.8 },
      };
    } finally {
      await bench?.stop();
      client.destroy();
      await s3.stop();
    }
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await dataplaneS3.run(), null, 2)}\n`);
}
