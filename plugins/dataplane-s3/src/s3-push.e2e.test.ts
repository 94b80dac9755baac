/**
 * End to end in one runtime, two participant contexts: the consumer negotiates (agreement on both
 * sides) and asks for an AmazonS3-PUSH; the provider's control plane starts the flow on the S3
 * data plane, which copies from the provider's bucket to the consumer's, both on S3Mock on
 * loopback (requests through a recording proxy). The consumer's bucket holds exactly the
 * provider's objects (sha-256 each); suspend, resume and terminate reach the copy; refusals end
 * the transfer TERMINATED with the reason.
 */
import { HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import t from 'tap';
import { forEachDialectOnS3 } from './test-support/s3-e2e.ts';
import { CREDENTIALS_SECRET, generated, MB, objectSha256, putObject, sha256, startS3Runtime } from './test-support/s3-runtime.ts';

// S3Mock's start-up (a JVM) and two dialects, a 40 MB object copied five times on a shared machine.
t.setTimeout(600_000);
await forEachDialectOnS3(t, 'AmazonS3-PUSH between two participant contexts', '', async (t, { client, proxy, source, inbox, options }) => {
  const cut = await startS3Runtime(t, options);
  await cut.putSecret('provider', 'provider-bucket', CREDENTIALS_SECRET);
  await cut.putSecret('provider', 'consumer-bucket', CREDENTIALS_SECRET);
  const sourceAddress = (fields: Record<string, string>) => ({ type: 'AmazonS3', region: 'us-east-1', bucketName: source, endpointOverride: proxy.url, keyName: 'provider-bucket', ...fields });
  const destination = (fields: Record<string, string>) => ({ region: 'us-east-1', bucketName: inbox, endpointOverride: proxy.url, keyName: 'consumer-bucket', ...fields });
  let agreements = 0;
  const offer = async (dataAddress: Record<string, unknown>) => {
    const id = `agreement-${++agreements}`;
    await cut.createAsset(`asset-${agreements}`, dataAddress);
    await cut.agree(id, `asset-${agreements}`);
    return id;
  };
  const completed = async (agreementId: string, to: Record<string, string>) => {
    const { consumer, provider } = await cut.push(agreementId, destination(to));
    await cut.waitFor('provider', provider.id, 'COMPLETED');
    await cut.waitFor('consumer', consumer.id, 'COMPLETED');
  };
  const terminated = async (agreementId: string, to: Record<string, string> = { objectName: 'never' }) => {
    const { consumer } = await cut.push(agreementId, destination(to));
    return (await cut.waitFor('consumer', consumer.id, 'TERMINATED')).errorDetail ?? '';
  };
  const uploadsOf = async (key: string) => ((await client.send(new ListMultipartUploadsCommand({ Bucket: inbox }))).Uploads ?? []).filter((upload) => upload.Key === key);

  await t.test('one object: the consumer\'s bucket receives exactly it, in one PUT', async (t) => {
    const data = generated(700_001, 'single');
    await putObject(client, source, 'reports/2025.csv', data);
    await completed(await offer(sourceAddress({ objectName: 'reports/2025.csv' })), { objectName: 'in/2025.csv' });
    t.equal(await objectSha256(client, inbox, 'in/2025.csv'), sha256(data), 'same sha-256');
    t.same(proxy.uploadedParts(), [], 'no multipart upload below the threshold');
  });

  await t.test('a prefix: every object below it, one of them multipart, under the destination prefix', async (t) => {
    const objects = new Map([['batch/a.json', generated(10, 'a')], ['batch/b.json', generated(1 * MB + 3, 'b')], ['batch/deep/c.bin', generated(11 * MB + 5, 'c')], ['batch/d.txt', generated(0, 'd')]]);
    for (const [key, data] of objects) await putObject(client, source, key, data);
    await putObject(client, source, 'batchless.txt', generated(5, 'outside'));
    await completed(await offer(sourceAddress({ objectPrefix: 'batch/' })), { objectPrefix: 'copied/' });
    const listed = (await client.send(new ListObjectsV2Command({ Bucket: inbox, Prefix: 'copied/' }))).Contents?.map((item) => item.Key).sort();
    t.same(listed, ['copied/a.json', 'copied/b.json', 'copied/d.txt', 'copied/deep/c.bin'], 'exactly the objects below the prefix');
    for (const [key, data] of objects) t.equal(await objectSha256(client, inbox, `copied/${key.slice('batch/'.length)}`), sha256(data), `${key}: same sha-256`);
    t.same(proxy.uploadedParts(), [1, 2, 3], 'the 11 MB object went in three 5 MB parts');
  });

  const large = generated(40 * MB, 'large');
  await putObject(client, source, 'large/object.bin', large);
  const partsOf = (key: string) => proxy.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/${key}`) && r.query.has('partNumber') && r.status === 200).map((r) => Number(r.query.get('partNumber')));

  await t.test('a 40 MB object: eight 5 MB parts, each uploaded once', async (t) => {
    await completed(await offer(sourceAddress({ objectName: 'large/object.bin' })), { objectName: 'large/whole.bin' });
    t.equal(await objectSha256(client, inbox, 'large/whole.bin'), sha256(large), 'same sha-256');
    t.same(partsOf('large/whole.bin'), [1, 2, 3, 4, 5, 6, 7, 8]);
    t.same(await uploadsOf('large/whole.bin'), [], 'no upload left open');
  });

  await t.test('a part S3 fails (503) is sent again from a fresh ranged GET; the copy completes', async (t) => {
    proxy.fail((method, query) => method === 'PUT' && query.get('partNumber') === '5', 1, 503);
    await completed(await offer(sourceAddress({ objectName: 'large/object.bin' })), { objectName: 'large/retried.bin' });
    t.ok(proxy.requests.some((r) => r.path.endsWith('/large/retried.bin') && r.query.get('partNumber') === '5' && r.status === 503), 'part 5 was refused once');
    t.same(partsOf('large/retried.bin'), [1, 2, 3, 4, 5, 6, 7, 8], 'then every part was acknowledged once');
    t.equal(await objectSha256(client, inbox, 'large/retried.bin'), sha256(large), 'same sha-256');
  });

  /** A push of the large object, held while part `part` is on its way to S3. */
  const pushHeldAt = async (part: number, objectName: string) => {
    const agreement = await offer(sourceAddress({ objectName: 'large/object.bin' }));
    const hold = proxy.hold((method, query) => method === 'PUT' && query.get('partNumber') === String(part));
    const pushed = await cut.push(agreement, destination({ objectName }));
    await hold.reached;
    return { ...pushed, hold };
  };

  await t.test('suspend stops after the part in flight; resume continues with the next part', async (t) => {
    const { consumer, provider, hold } = await pushHeldAt(3, 'large/suspended.bin');
    await cut.transfers.suspend('provider', provider.id, 'maintenance window');
    await cut.waitFor('provider', provider.id, 'SUSPENDED');
    await cut.waitFor('consumer', consumer.id, 'SUSPENDED');
    hold.release();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    t.same(partsOf('large/suspended.bin'), [1, 2, 3], 'the part in flight finished, no other started');
    t.equal((await uploadsOf('large/suspended.bin')).length, 1, 'the upload stays open while suspended');

    await cut.transfers.resume('provider', provider.id);
    await cut.waitFor('provider', provider.id, 'COMPLETED');
    await cut.waitFor('consumer', consumer.id, 'COMPLETED');
    t.same(partsOf('large/suspended.bin'), [1, 2, 3, 4, 5, 6, 7, 8], 'each part uploaded once over suspend and resume');
    t.equal(await objectSha256(client, inbox, 'large/suspended.bin'), sha256(large), 'same sha-256');
  });

  await t.test('terminate aborts the copy and its multipart upload', async (t) => {
    const { consumer, provider, hold } = await pushHeldAt(2, 'large/terminated.bin');
    t.equal((await uploadsOf('large/terminated.bin')).length, 1, 'an upload is open');
    await cut.transfers.terminate('consumer', consumer.id, 'changed my mind');
    await cut.waitFor('provider', provider.id, 'TERMINATED');
    hold.release();
    t.same(await uploadsOf('large/terminated.bin'), [], 'the upload was aborted at the destination');
    const head = await client.send(new HeadObjectCommand({ Bucket: inbox, Key: 'large/terminated.bin' })).catch((error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode);
    t.equal(head, 404, 'no object was created');
    t.same(partsOf('large/terminated.bin'), [1], 'no part after the termination');
  });

  await t.test('refusals end the transfer TERMINATED with the reason', async (t) => {
    await putObject(client, source, 'refused.txt', generated(100, 'refused'));
    await cut.putSecret('provider', 'not-json', 'AKIA-and-some-secret');
    t.match(await terminated(await offer(sourceAddress({ objectName: 'refused.txt', keyName: 'nowhere' }))), /participant context provider has no secret "nowhere"/, 'an unknown secret');
    const malformed = await terminated(await offer(sourceAddress({ objectName: 'refused.txt', keyName: 'not-json' })));
    t.match(malformed, /secret "not-json" is not JSON/, 'a secret that is no credentials');
    t.notMatch(malformed, /AKIA-and-some-secret/, 'the secret is never in the reason');
    t.match(await terminated(await offer(sourceAddress({ objectName: 'refused.txt', bucketName: 'no-such-bucket' }))), /source bucket no-such-bucket: NotFound \(HTTP 404\): no such bucket or object/, 'a bucket that does not exist');
    t.match(await terminated(await offer(sourceAddress({ objectName: 'no/such/key' }))), /source bucket provider-\w+: NotFound \(HTTP 404\)/, 'an object that does not exist');
    t.match(await terminated(await offer(sourceAddress({ objectName: 'refused.txt' })), { objectName: 'x', bucketName: 'no-such-inbox' }), /destination bucket no-such-inbox: NotFound \(HTTP 404\): no such bucket or object/, 'a destination bucket that does not exist');
    t.match(await terminated(await offer(sourceAddress({ objectName: 'refused.txt' })), { objectName: 'x', accessKeyId: 'AKIA', secretAccessKey: 'in-clear' }), /dataAddress.accessKeyId: credentials are not taken from a data address/, 'credentials in the address');
    t.match(await terminated(await offer(sourceAddress({ objectName: 'refused.txt' })), { objectName: 'x', endpointOverride: 'http://169.254.169.254' }), /endpointOverride: http:\/\/169.254.169.254 is not an endpoint this data plane may call/, 'an endpoint outside the allowed ones');
  });

  await t.test('tenant isolation: a flow reaches only its own participant context\'s secrets', async (t) => {
    await cut.putSecret('consumer', 'consumer-only', CREDENTIALS_SECRET);
    await putObject(client, source, 'isolated.txt', generated(100, 'isolated'));
    const detail = await terminated(await offer(sourceAddress({ objectName: 'isolated.txt', keyName: 'consumer-only' })));
    t.match(detail, /participant context provider has no secret "consumer-only"/, 'the consumer\'s secret is not the provider\'s');
    const detailDestination = await terminated(await offer(sourceAddress({ objectName: 'isolated.txt' })), { objectName: 'x', keyName: 'consumer-only' });
    t.match(detailDestination, /participant context provider has no secret "consumer-only"/, 'nor can a destination name it');
  });
});
