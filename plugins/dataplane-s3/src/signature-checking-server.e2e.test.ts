/**
 * Credentials against a server that checks them (s3rver, in-process on loopback; it knows one key
 * id, S3RVER, and refuses others — it does not verify SigV4 signatures, so a wrong secret of a
 * known key passes there): the right pair copies; an unknown key id ends the transfer TERMINATED
 * with S3's reason, for the source and for the destination.
 */
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createTempDir, freePort } from '@tdss/testing';
import S3rver from 's3rver';
import t from 'tap';
import { generated, objectSha256, sha256, startS3Runtime } from './test-support/s3-runtime.ts';

const dir = await createTempDir(t, 'tdss-s3rver-');
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 'data'), configureBuckets: [{ name: 'signed-source', configs: [] }, { name: 'signed-inbox', configs: [] }] });
const { port } = await server.run();
t.teardown(() => server.close());
const url = `http://127.0.0.1:${port}`;
const VALID = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const client = new S3Client({ region: 'us-east-1', endpoint: url, forcePathStyle: true, credentials: VALID, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
t.teardown(() => client.destroy());

const cut = await startS3Runtime(t, {
  name: 'dataplane-s3-signed',
  store: { dialect: 'sqlite', file: join(dir, 'db.sqlite') },
  keyDir: join(dir, 'keys'),
  port: await freePort(),
  dataPlane: { endpointOverrides: [url] },
});
await cut.putSecret('provider', 'valid', JSON.stringify(VALID));
await cut.putSecret('provider', 'unknown-key', JSON.stringify({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'whatever' }));
const data = generated(300_000, 'signed');
await client.send(new PutObjectCommand({ Bucket: 'signed-source', Key: 'in/object.bin', Body: data }));

let agreements = 0;
const push = async (sourceKey: string, destinationKey: string) => {
  const id = `agreement-${++agreements}`;
  await cut.createAsset(`asset-${agreements}`, { type: 'AmazonS3', bucketName: 'signed-source', objectPrefix: 'in/', endpointOverride: url, keyName: sourceKey });
  await cut.agree(id, `asset-${agreements}`);
  return cut.push(id, { bucketName: 'signed-inbox', objectPrefix: 'out/', endpointOverride: url, keyName: destinationKey });
};

t.test('the right key pair copies', async (t) => {
  const { consumer } = await push('valid', 'valid');
  await cut.waitFor('consumer', consumer.id, 'COMPLETED');
  t.equal(await objectSha256(client, 'signed-inbox', 'out/object.bin'), sha256(data), 'same sha-256');
});

t.test('an unknown key id ends the transfer with S3\'s reason', async (t) => {
  const reason = async (source: string, destination: string) => {
    const { consumer } = await push(source, destination);
    return (await cut.waitFor('consumer', consumer.id, 'TERMINATED')).errorDetail ?? '';
  };
  const source = await reason('unknown-key', 'valid');
  t.match(source, /source bucket signed-source: InvalidAccessKeyId \(HTTP 403\)/, 'source: S3 names the error');
  t.notMatch(source, /whatever/, 'the secret is not in the reason');
  t.match(await reason('valid', 'unknown-key'), /destination bucket signed-inbox: Forbidden \(HTTP 403\): access denied/, 'destination (a HEAD: no error body)');
});
