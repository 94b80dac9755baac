/**
 * A crash mid-multipart: the runtime (control plane and S3 data plane) stops while part 4 of a
 * 40 MB object is in flight, leaving its flow's lease as a crashed replica would (live for a
 * lease time). Two new runtimes on the same database start at once (the restarted one on the same
 * port and keys, and a replica): once the lease expired exactly one continues the copy from that
 * part. The parts S3 acknowledged before are not uploaded again, no part twice, the upload is the
 * same one and completed once, and the transfer completes on both sides with the provider's bytes.
 */
import { createSqlDataFlowStore } from '@tdss/dataplane-sdk';
import { Database } from '@tdss/sdk';
import storeSql from '@tdss/store-sql';
import { freePort, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import { forEachDialectOnS3 } from './test-support/s3-e2e.ts';
import { CREDENTIALS_SECRET, generated, MB, objectSha256, putObject, sha256, startS3Runtime } from './test-support/s3-runtime.ts';

const LEASE_MS = 1500;

// S3Mock's start-up (a JVM) and two dialects, a restart each on a shared machine.
t.setTimeout(600_000);
await forEachDialectOnS3(t, 'after a crash, one of two restarted data planes continues a multipart copy from the next part', 'crash-', async (t, { client, proxy, source, inbox, options }) => {
  const large = generated(40 * MB, 'crash');
  await putObject(client, source, 'large.bin', large);
  const withLeases = { ...options, dataPlane: { ...options.dataPlane, leaseMs: LEASE_MS } };

  const first = await startS3Runtime(t, withLeases);
  await first.putSecret('provider', 'bucket', CREDENTIALS_SECRET);
  await first.createAsset('large', { type: 'AmazonS3', bucketName: source, objectName: 'large.bin', endpointOverride: proxy.url, keyName: 'bucket' });
  await first.agree('agreement-crash', 'large');
  const hold = proxy.hold((method, query) => method === 'PUT' && query.get('partNumber') === '4');
  const { consumer, provider } = await first.push('agreement-crash', { bucketName: inbox, objectName: 'copy.bin', endpointOverride: proxy.url, keyName: 'bucket' });
  await hold.reached;
  await first.runtime.stop();
  t.same(proxy.uploadedParts(), [1, 2, 3], 'three parts were acknowledged before the crash');
  hold.release();

  // A stop gives the lease up; a crash leaves it until it expires.
  const observer = await startTestRuntime(t, { name: `${options.name}-observer`, plugins: [{ plugin: storeSql, settings: options.store }] });
  const store = createSqlDataFlowStore(() => observer.get(Database), 'dataplane-s3');
  t.equal(await store.leases!('crashed-replica', LEASE_MS).acquire(provider.id), true, 'the crashed replica\'s lease');

  const again = { ...withLeases, createParticipants: false };
  // The replica has the runtime's name, as replicas of one deployment do: secrets-local keeps its
  // master key per runtime name, and a replica under another name could not read the secret.
  const [second] = await Promise.all([startS3Runtime(t, again), startS3Runtime(t, { ...again, port: await freePort() })]);
  await second.waitFor('provider', provider.id, 'COMPLETED');
  await second.waitFor('consumer', consumer.id, 'COMPLETED');
  t.same(proxy.uploadedParts(), [1, 2, 3, 4, 5, 6, 7, 8], 'after the restart only parts 4 to 8 were uploaded, each once: one of the two data planes copied');
  t.equal(proxy.requests.filter((r) => r.method === 'POST' && r.query.has('uploads')).length, 1, 'one multipart upload, continued (not begun again)');
  t.equal(proxy.requests.filter((r) => r.method === 'POST' && r.query.has('uploadId') && r.status === 200).length, 1, 'completed once');
  t.equal(await objectSha256(client, inbox, 'copy.bin'), sha256(large), 'the consumer\'s object is exactly the provider\'s');
  t.same(await observer.get(Database).kysely().selectFrom('dps_data_flow_lease').select('flow_id').execute(), [], 'no lease is left');
});
