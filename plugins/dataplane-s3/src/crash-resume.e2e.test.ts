/**
 * A crash mid-multipart: the runtime (control plane and S3 data plane) stops while part 4 of a
 * 40 MB object is in flight; a new runtime on the same database, port and keys continues the
 * copy from that part: the parts S3 acknowledged before are not uploaded again, the upload is
 * the same one, and the transfer completes on both sides with the provider's exact bytes.
 */
import t from 'tap';
import { forEachDialectOnS3 } from './test-support/s3-e2e.ts';
import { CREDENTIALS_SECRET, generated, MB, objectSha256, putObject, sha256, startS3Runtime } from './test-support/s3-runtime.ts';

// S3Mock's start-up (a JVM) and two dialects, a restart each on a shared machine.
t.setTimeout(600_000);
await forEachDialectOnS3(t, 'a restarted data plane continues a multipart copy from the next part', 'crash-', async (t, { client, proxy, source, inbox, options }) => {
  const large = generated(40 * MB, 'crash');
  await putObject(client, source, 'large.bin', large);

  const first = await startS3Runtime(t, options);
  await first.putSecret('provider', 'bucket', CREDENTIALS_SECRET);
  await first.createAsset('large', { type: 'AmazonS3', bucketName: source, objectName: 'large.bin', endpointOverride: proxy.url, keyName: 'bucket' });
  await first.agree('agreement-crash', 'large');
  const hold = proxy.hold((method, query) => method === 'PUT' && query.get('partNumber') === '4');
  const { consumer, provider } = await first.push('agreement-crash', { bucketName: inbox, objectName: 'copy.bin', endpointOverride: proxy.url, keyName: 'bucket' });
  await hold.reached;
  await first.runtime.stop();
  t.same(proxy.uploadedParts(), [1, 2, 3], 'three parts were acknowledged before the crash');
  hold.release();

  const second = await startS3Runtime(t, { ...options, createParticipants: false });
  await second.waitFor('provider', provider.id, 'COMPLETED');
  await second.waitFor('consumer', consumer.id, 'COMPLETED');
  t.same(proxy.uploadedParts(), [1, 2, 3, 4, 5, 6, 7, 8], 'after the restart only parts 4 to 8 were uploaded');
  t.equal(proxy.requests.filter((r) => r.method === 'POST' && r.query.has('uploads')).length, 1, 'one multipart upload, continued (not begun again)');
  t.equal(await objectSha256(client, inbox, 'copy.bin'), sha256(large), 'the consumer\'s object is exactly the provider\'s');
});
