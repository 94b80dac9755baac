/**
 * Where each end-to-end test of this plugin starts, per dialect: S3Mock (once per file) behind a
 * recording proxy of the test's own, a provider and a consumer bucket, and the options of a runtime
 * that copies in 5 MB parts. Not part of the build.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SqlDialect } from '@tdss/sdk';
import { createTempDir, forEachDialect, freePort } from '@tdss/testing';
import type { Test } from 'tap';
import { type S3Proxy, startS3Proxy } from './s3-proxy.ts';
import { MB, type S3RuntimeOptions } from './s3-runtime.ts';
import { s3ServerFor } from './s3-server.ts';

export interface S3EndToEnd {
  dialect: SqlDialect;
  client: S3Client;
  proxy: S3Proxy;
  /** The provider's bucket and the consumer's, empty. */
  source: string;
  inbox: string;
  options: S3RuntimeOptions;
}

/** Runs `fn` on each dialect; `prefix` keeps the file's buckets and runtime names apart from other files'. */
export async function forEachDialectOnS3(t: Test, name: string, prefix: string, fn: (t: Test, e2e: S3EndToEnd) => Promise<void>): Promise<void> {
  const s3 = await s3ServerFor(t);
  if (!s3) return;
  const client = s3.client();
  t.teardown(() => client.destroy());
  await forEachDialect(t, name, async (t, dialect, store) => {
    const proxy = await startS3Proxy(t, s3.url);
    const [source, inbox] = [`${prefix}provider-${dialect}`, `${prefix}consumer-${dialect}`];
    await s3.createBucket(source);
    await s3.createBucket(inbox);
    const options: S3RuntimeOptions = {
      name: `dataplane-s3-${prefix}${dialect}`,
      store,
      keyDir: await createTempDir(t, 'tdss-keys-'),
      port: await freePort(),
      dataPlane: { endpointOverrides: ['http://127.0.0.1:'], multipartThresholdBytes: 5 * MB, partSizeBytes: 5 * MB },
    };
    await fn(t, { dialect, client, proxy, source, inbox, options });
  });
}
