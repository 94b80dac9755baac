/**
 * What the OPC UA server or the data plane refuses ends a transfer at its start with the reason:
 * credentials, identities, security modes, missing secrets, unknown nodes, credentials in clear,
 * untrusted user certificates; the reason does not tell the consumer the server's address. X509
 * user identities from the secret store work; no secret reaches the logs.
 */
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { PULL, pullTarget } from './test-support/opcua-runtime.ts';
import { USERS } from './test-support/opcua-server.ts';
import { get, PASSWORD_SECRET, startPlant } from './test-support/plant.ts';

await forEachDialect(t, 'OPC UA refusals and identities', async (t, _dialect, store) => {
  const { server, cut, plant } = await startPlant(t, store);

  await t.test('what the server refuses ends the transfer at its start, with the reason', async (t) => {
    await cut.putSecret('wrong-password', 'not-the-password');
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['wrong password', { ...plant, identity: { type: 'UserName', userName: 'operator', passwordSecret: 'wrong-password' } }, /refused the session .*BadUserAccessDenied/],
      ['anonymous where the server wants a user', { ...plant, identity: { type: 'Anonymous' } }, /refused the session \(Anonymous identity/],
      ['a security mode the server does not offer', { ...plant, securityMode: 'Sign' }, /offers no endpoint with security mode Sign and policy Basic256Sha256/],
      ['a secret the provider does not have', { ...plant, identity: { type: 'UserName', userName: 'operator', passwordSecret: 'nowhere' } }, /secret "nowhere" is missing/],
      ['a node the server does not know', { ...plant, nodes: ['ns=1;s=Plant.Nothing'] }, /node ns=1;s=Plant.Nothing cannot be read .*BadNodeIdUnknown/],
      ['a password in clear', { ...plant, identity: { type: 'UserName', userName: 'operator', password: 'x', passwordSecret: PASSWORD_SECRET } }, /never in clear/],
    ];
    for (const [what, address, reason] of cases) {
      const id = `refused-${cases.findIndex((entry) => entry[0] === what)}`;
      await cut.createAsset(id, address);
      const { consumer } = await cut.transfer(id, PULL);
      t.equal(consumer.state, 'TERMINATED', `${what}: terminated`);
      t.match(consumer.errorDetail, reason, `${what}: ${consumer.errorDetail}`);
      t.notMatch(consumer.errorDetail, server.endpointUrl, `${what}: the consumer does not learn the server's address`);
    }
  });

  await t.test('an X509 user identity from the secret store: trusted, the values are read; untrusted, the transfer ends', async (t) => {
    const trusted = await server.userCertificate(true);
    const untrusted = await server.userCertificate(false);
    await cut.putSecret('operator-cert', trusted.certificate);
    await cut.putSecret('operator-key', trusted.privateKey);
    await cut.putSecret('stranger-cert', untrusted.certificate);
    await cut.putSecret('stranger-key', untrusted.privateKey);
    await cut.createAsset('plant-x509', { ...plant, identity: { type: 'X509', certificateSecret: 'operator-cert', privateKeySecret: 'operator-key' } });
    await cut.createAsset('plant-x509-stranger', { ...plant, identity: { type: 'X509', certificateSecret: 'stranger-cert', privateKeySecret: 'stranger-key' } });
    const { consumer } = await cut.transfer('plant-x509', PULL);
    t.equal(consumer.state, 'STARTED', 'the certificate opens the session');
    const read = await get(pullTarget(consumer).values, pullTarget(consumer).token);
    t.equal(read.status, 200);
    t.match(await read.json(), { values: [{ nodeId: server.nodes.counter, dataType: 'Int32' }, {}, { value: server.label() }] });
    const refused = await cut.transfer('plant-x509-stranger', PULL);
    t.equal(refused.consumer.state, 'TERMINATED', 'an untrusted certificate ends the transfer');
    t.match(refused.consumer.errorDetail, /refused the session \(X509 identity/);
    t.notMatch(cut.logs.text(), /BEGIN (RSA )?PRIVATE KEY/, 'no private key in the logs');
  });

  await t.test('no secret reached the logs', async (t) => {
    t.notMatch(cut.logs.text(), USERS.operator!, 'the password never appears in the logs');
    t.ok(cut.logs.lines.length > 0, 'the runtime logged');
  });
});
