import { type Static, Type } from '@tdss/sdk';

const MIB = 1024 * 1024;

export const DataPlaneS3Settings = Type.Object({
  id: Type.String({ minLength: 1, default: 'dataplane-s3', description: 'The data plane id, as control planes know it.' }),
  pushProfile: Type.String({ minLength: 1, default: 'AmazonS3-PUSH', description: 'The transfer profile (DSP format) of a provider push to an S3 bucket.' }),
  multipartThresholdBytes: Type.Integer({ minimum: 1, default: 16 * MIB, description: 'Objects of at least this size are copied as a multipart upload (resumable part by part); smaller ones in one PUT.' }),
  partSizeBytes: Type.Integer({ minimum: 5 * MIB, maximum: 5 * 1024 * MIB, default: 8 * MIB, description: 'Size of each part of a multipart upload (S3: 5 MiB to 5 GiB; at most 10,000 parts, so the largest object is 10,000 × this).' }),
  endpointOverrides: Type.Array(Type.String({ pattern: '^https?://' }), {
    default: [],
    description: 'S3-compatible endpoints (URL prefixes) a data address may name in `endpointOverride`; empty: AWS endpoints only. A consumer chooses the destination, so any other endpoint is refused (no requests to arbitrary hosts).',
  }),
  requestTimeoutMs: Type.Integer({ minimum: 1, default: 120_000, description: 'How long an S3 request may wait for its connection, and then go without a byte moving, before it fails (and is retried).' }),
  leaseMs: Type.Integer({ minimum: 300, default: 30_000, description: 'Replicas sharing the database copy each flow in the one holding its lease, renewed every third of this: how long the copies of a crashed replica wait before another continues them.' }),
  maxAttempts: Type.Integer({ minimum: 1, default: 3, description: 'Attempts of each S3 request (the SDK retries throttling and 5xx with back-off).' }),
});

export type DataPlaneS3Settings = Static<typeof DataPlaneS3Settings>;

/** Where the DPS data plane API is, below the `signaling` context. */
export const SIGNALING_PATH = '/dataplane-s3';
