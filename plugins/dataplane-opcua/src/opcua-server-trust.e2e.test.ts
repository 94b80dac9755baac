/**
 * The server's certificate under a strict client PKI: unknown, it ends the transfer and waits in the
 * rejected folder; once an operator moves it to trusted/certs, transfers start.
 */
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@tdss/testing';
import t from 'tap';
import { PULL, pullTarget } from './test-support/opcua-runtime.ts';
import { get, startPlant } from './test-support/plant.ts';

t.test('an untrusted server certificate ends the transfer; once an operator trusts it, transfers start', async (t) => {
  const pkiDir = await createTempDir(t, 'tdss-opcua-strict-pki-');
  const { server, cut } = await startPlant(t, { dialect: 'sqlite', file: join(await createTempDir(t, 'tdss-sqlite-'), 'db.sqlite') }, { pkiDir, acceptUnknownServerCertificates: false });
  const refused = await cut.transfer('plant', PULL);
  t.equal(refused.consumer.state, 'TERMINATED');
  t.match(refused.consumer.errorDetail, /presented a certificate this data plane does not trust \(BadCertificateUntrusted\)/);

  const rejected = await readdir(join(pkiDir, 'rejected'));
  t.equal(rejected.length, 1, 'the server certificate waits in the rejected folder');
  await rename(join(pkiDir, 'rejected', rejected[0]!), join(pkiDir, 'trusted', 'certs', rejected[0]!));
  // node-opcua's certificate manager learns of the moved file from a folder watcher, a moment later
  // (seconds on a loaded machine): the operator's move takes effect once it has.
  let { consumer } = await cut.transfer('plant', PULL);
  for (const until = Date.now() + 20_000; consumer.state !== 'STARTED' && Date.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    ({ consumer } = await cut.transfer('plant', PULL));
  }
  t.equal(consumer.state, 'STARTED', 'the trusted server is accepted');
  const read = await get(pullTarget(consumer).values, pullTarget(consumer).token);
  t.match(await read.json(), { values: [{ nodeId: server.nodes.counter }, {}, { value: server.label() }] });
});
