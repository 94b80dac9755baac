/**
 * End to end in one runtime, two participant contexts (provider and consumer), against a real
 * node-opcua server on loopback (SignAndEncrypt/Basic256Sha256, username/password): a transfer is
 * negotiated (agreement on both sides), requested over DSP and started through Data Plane Signaling
 * on the OPC UA data plane. The consumer pulls exactly the server's values and a stream of its
 * changes, or receives them pushed to its inbox; suspend, resume and terminate reach the streams
 * and deliveries; tokens are checked on every request; what the server refuses ends the transfer.
 */
import { createFlowTokens } from '@tdss/dataplane-sdk';
import { RUNTIME_SCOPE, SecretStore } from '@tdss/sdk';
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { openStream } from './test-support/event-stream.ts';
import { startInbox } from './test-support/inbox.ts';
import { CONSUMER, PROVIDER, PULL, PUSH, pullTarget, startOpcUaRuntime, waitForState } from './test-support/opcua-runtime.ts';
import { startOpcUaServer, USERS } from './test-support/opcua-server.ts';

const PASSWORD_SECRET = 'plant-password';
const DATA_PLANE = { serverGoneMs: 1500, flowCheckIntervalMs: 200, samplingIntervalMs: 20, publishingIntervalMs: 100, pushBatchDelayMs: 50, pushRetryDelayMs: 50 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Median and largest delay from the server's source timestamp to the consumer, for the report. */
function latency(pairs: { sourceTimestamp: string | null; receivedAt: number }[]): string {
  const delays = pairs.map((pair) => pair.receivedAt - Date.parse(pair.sourceTimestamp ?? '')).sort((a, b) => a - b);
  return `p50 ${delays[Math.floor(delays.length / 2)]} ms, max ${delays.at(-1)} ms over ${delays.length} changes`;
}

const get = (url: string, token: string | undefined) => fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

/** Each value follows the one before (the counter adds 1 per tick) and is one the server set, in its order. */
function assertConsecutive(t: Test, values: number[], history: number[], what: string) {
  t.ok(values.length > 0, `${what}: some values`);
  t.same(values, values.map((_, index) => values[0]! + index), `${what}: consecutive (${values[0]}..${values.at(-1)})`);
  const start = history.indexOf(values[0]!);
  t.same(history.slice(start, start + values.length), values, `${what}: exactly what the server set, in its order`);
}

await forEachDialect(t, 'OPC UA pull and push between two participant contexts', async (t, _dialect, store) => {
  const server = await startOpcUaServer(t);
  const cut = await startOpcUaRuntime(t, store, DATA_PLANE);
  await cut.putSecret(PASSWORD_SECRET, USERS.operator!);
  const plant = {
    type: 'OpcUa',
    endpointUrl: server.endpointUrl,
    nodes: [server.nodes.counter, server.nodes.temperature],
    browsePaths: ['/Objects/1:Plant.1:Label'],
    securityMode: 'SignAndEncrypt',
    securityPolicy: 'Basic256Sha256',
    identity: { type: 'UserName', userName: 'operator', passwordSecret: PASSWORD_SECRET },
    // On change: every value the server sets is reported (a sampling interval could merge two).
    samplingIntervalMs: 0,
  };
  await cut.createAsset('plant', plant);

  await t.test('pull: the values are exactly the server\'s; the stream delivers consecutive changes in order; tokens are checked', async (t) => {
    const { consumer, provider } = await cut.transfer('plant', PULL);
    const target = pullTarget(consumer);
    t.match(target.values, `${cut.publicUrl}/dataplane-opcua/flows/`, 'the address is the data plane on the public context');

    server.pause();
    const read = await get(target.values, target.token);
    t.equal(read.status, 200);
    const { values } = (await read.json()) as { values: Record<string, unknown>[] };
    t.match(values, [
      { nodeId: server.nodes.counter, value: server.counter(), dataType: 'Int32', statusCode: { value: 0, name: 'Good' } },
      { nodeId: server.nodes.temperature, value: server.temperature(), dataType: 'Double', statusCode: { name: 'Good' } },
      { nodeId: server.nodes.label, value: server.label(), dataType: 'String', arrayType: 'Scalar' },
    ], 'the values the server holds, the browse path resolved to its node');
    t.ok(!Number.isNaN(Date.parse(String(values[0]!.sourceTimestamp))), 'with the source timestamp');
    server.resume();

    const opened = await openStream(target.stream, target.token);
    t.equal(opened.contentType, 'text/event-stream');
    const changes = await opened.reader!.waitFor(server.nodes.counter, 12);
    assertConsecutive(t, changes.slice(1).map((change) => change.value as number), server.counterHistory, 'the SSE stream');
    t.same(opened.reader!.changes.map((change) => change.sequence), opened.reader!.changes.map((_, index) => index + 1), 'sequence numbers without gaps');
    t.comment(`SSE: server change to consumer ${latency(changes.slice(1))} (publishing interval 100 ms)`);
    opened.reader!.close();

    const ndjson = await openStream(target.stream, target.token, 'ndjson');
    t.equal(ndjson.contentType, 'application/x-ndjson');
    assertConsecutive(t, (await ndjson.reader!.waitFor(server.nodes.counter, 6)).slice(1).map((change) => change.value as number), server.counterHistory, 'the NDJSON stream');
    ndjson.reader!.close();

    const refused = async (res: Response, status: number, detail: RegExp, what: string) => {
      t.equal(res.status, status, what);
      t.equal(res.headers.get('content-type'), 'application/problem+json', `${what}: a problem`);
      t.match((await res.json()) as object, { status, detail }, what);
    };
    await refused(await get(target.values, undefined), 401, /token is required/, 'no token');
    await refused(await get(target.values, `${target.token.slice(0, -4)}${target.token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`), 401, /not valid/, 'a forged token');
    const key = await cut.runtime.get(SecretStore).get(RUNTIME_SCOPE, 'dataplane-opcua/dataplane-opcua/token-key');
    const expired = await createFlowTokens({ secret: key!, issuer: 'dataplane-opcua', accessTtlSeconds: -60 }).issue(provider!.id, 1);
    await refused(await get(target.stream, expired.accessToken), 401, /expired/, 'an expired token signed with the right key, on the stream');
    const other = await cut.transfer('plant', PULL);
    await refused(await get(target.values, pullTarget(other.consumer).token), 403, /another transfer/, 'the token of another transfer');
    t.equal(server.sessionCount(), 1, 'the two flows of one asset share one OPC UA session');
    await cut.transfers.terminate(CONSUMER.context, other.consumer.id, 'not needed');
  });

  await t.test('pull: suspend closes the stream and refuses; resume streams again with a fresh token; terminate ends it', async (t) => {
    const { consumer, provider } = await cut.transfer('plant', PULL);
    const first = pullTarget(consumer);
    const stream = (await openStream(first.stream, first.token)).reader!;
    await stream.waitFor(server.nodes.counter, 3);

    await cut.transfers.suspend(PROVIDER.context, provider!.id, 'maintenance');
    await waitForState(cut.transfers, CONSUMER.context, consumer.id, ['SUSPENDED']);
    await stream.closed;
    t.match(stream.endReason, /suspended/, 'the stream ended with the reason');
    const seen = stream.changes.length;
    const suspended = await get(first.values, first.token);
    t.equal(suspended.status, 403, 'a suspended flow refuses its token');
    t.match(await suspended.json(), { detail: /SUSPENDED/ });
    t.equal((await get(first.stream, first.token)).status, 403, 'and opens no stream');
    await sleep(500);
    t.equal(stream.changes.length, seen, 'no change was delivered after the suspension');

    await cut.transfers.resume(PROVIDER.context, provider!.id);
    const resumed = pullTarget(await waitForState(cut.transfers, CONSUMER.context, consumer.id, ['STARTED']));
    t.not(resumed.token, first.token, 'a fresh token after the resume');
    t.equal((await get(first.values, first.token)).status, 401, 'the token from before the suspension stays refused');
    const again = (await openStream(resumed.stream, resumed.token)).reader!;
    assertConsecutive(t, (await again.waitFor(server.nodes.counter, 5)).slice(1).map((change) => change.value as number), server.counterHistory, 'the stream after the resume');

    await cut.transfers.terminate(CONSUMER.context, consumer.id, 'done');
    await waitForState(cut.transfers, PROVIDER.context, provider!.id, ['TERMINATED']);
    await again.closed;
    t.match(again.endReason, /terminated|TERMINATED/, 'terminate closes the stream');
    const ended = await get(resumed.values, resumed.token);
    t.equal(ended.status, 403, 'a terminated flow refuses its token');
    t.match(await ended.json(), { detail: /TERMINATED/ });
  });

  await t.test('push: batches of changes arrive in order, through refusals of the inbox; suspend stops them, resume starts them again', async (t) => {
    const inbox = await startInbox(t);
    inbox.failNext(2);
    const destination = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url, endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'inbox-token' }, { '@type': 'EndpointProperty', name: 'authType', value: 'bearer' }] };
    const { consumer, provider } = await cut.transfer('plant', PUSH, destination);
    t.ok(provider, 'the transfer started');
    const counterValues = () => inbox.batches.flatMap((batch) => batch.changes).filter((change) => change.nodeId === server.nodes.counter).map((change) => change.value as number);
    const until = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
        await sleep(20);
      }
    };
    await until('12 counter changes pushed', () => counterValues().length >= 12);
    t.equal(inbox.refused, 2, 'the inbox refused two POSTs, and they were sent again');
    t.same(inbox.batches.map((batch) => batch.batch), inbox.batches.map((_, index) => index + 1), 'batches in order, none lost or repeated');
    t.ok(inbox.batches.every((batch) => batch.authorization === 'Bearer inbox-token' && batch.dataFlowId === provider!.id), 'with the destination\'s token and the flow id');
    const sequences = inbox.batches.flatMap((batch) => batch.changes.map((change) => change.sequence));
    t.same(sequences, sequences.map((_, index) => index + 1), 'changes in sequence');
    assertConsecutive(t, counterValues().slice(1), server.counterHistory, 'the pushed counter');
    const pushed = inbox.batches.slice(3).flatMap((batch) => batch.changes.map((change) => ({ sourceTimestamp: change.sourceTimestamp, receivedAt: batch.receivedAt })));
    t.comment(`push: server change to inbox ${latency(pushed)} (publishing 100 ms, batch delay 50 ms)`);

    await cut.transfers.suspend(PROVIDER.context, provider!.id, 'pause');
    await waitForState(cut.transfers, CONSUMER.context, consumer.id, ['SUSPENDED']);
    await sleep(300);
    const delivered = inbox.batches.length;
    await sleep(700);
    t.equal(inbox.batches.length, delivered, 'no delivery while suspended');

    await cut.transfers.resume(PROVIDER.context, provider!.id);
    await waitForState(cut.transfers, CONSUMER.context, consumer.id, ['STARTED']);
    await until('deliveries after the resume', () => inbox.batches.length >= delivered + 3);
    const after = inbox.batches.slice(delivered);
    t.ok(after.every((batch) => batch.generation > inbox.batches[0]!.generation), 'the batches after the resume are of the new generation');
    assertConsecutive(t, after.flatMap((batch) => batch.changes).filter((change) => change.nodeId === server.nodes.counter).slice(1).map((change) => change.value as number), server.counterHistory, 'the counter pushed after the resume');

    await cut.transfers.terminate(CONSUMER.context, consumer.id, 'enough');
    await waitForState(cut.transfers, PROVIDER.context, provider!.id, ['TERMINATED']);
    await sleep(300);
    const final = inbox.batches.length;
    await sleep(500);
    t.equal(inbox.batches.length, final, 'no delivery after the termination');
  });

  await t.test('push: a destination that refuses for good (401) ends the transfer with the reason', async (t) => {
    const inbox = await startInbox(t);
    inbox.failNext(1, 401);
    const { consumer, provider } = await cut.transfer('plant', PUSH, { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url });
    const ended = await waitForState(cut.transfers, PROVIDER.context, provider!.id, ['TERMINATED']);
    t.match(ended.errorDetail, /push to the destination failed: the destination answered 401/);
    t.equal((await waitForState(cut.transfers, CONSUMER.context, consumer.id, ['TERMINATED'])).state, 'TERMINATED', 'on both sides');
    t.equal(inbox.refused, 1, 'a 401 is not tried again');
  });

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

  t.test('no secret reached the logs', async (t) => {
    t.notMatch(cut.logs.text(), USERS.operator!, 'the password never appears in the logs');
    t.ok(cut.logs.lines.length > 0, 'the runtime logged');
  });
});

t.test('a server restart is survived; a server gone for longer than serverGoneMs terminates the transfer', async (t) => {
  const server = await startOpcUaServer(t);
  // A restart of the test server takes about 2 s (certificates, address space): the window is wider.
  const cut = await startOpcUaRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t, 'tdss-sqlite-'), 'db.sqlite') }, { ...DATA_PLANE, serverGoneMs: 5000 });
  await cut.putSecret(PASSWORD_SECRET, USERS.operator!);
  await cut.createAsset('plant', { type: 'OpcUa', endpointUrl: server.endpointUrl, nodes: [server.nodes.counter], securityMode: 'None', identity: { type: 'UserName', userName: 'operator', passwordSecret: PASSWORD_SECRET } });
  const inbox = await startInbox(t);
  const { consumer, provider } = await cut.transfer('plant', PUSH, { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url });
  const values = () => inbox.batches.flatMap((batch) => batch.changes).map((change) => change.value as number);
  const until = async (what: string, done: () => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await sleep(20);
    }
  };
  await until('first deliveries', () => values().length >= 3);

  await server.stop();
  await sleep(500);
  await server.start();
  const restartedAt = server.counter();
  await until('deliveries after the server restart', () => values().some((value) => value > restartedAt + 2));
  t.pass('the flow delivers again after the server came back within serverGoneMs');
  t.equal((await cut.transfers.get(CONSUMER.context, consumer.id)).state, 'STARTED');

  await server.stop();
  const ended = await waitForState(cut.transfers, PROVIDER.context, provider!.id, ['TERMINATED'], 20_000);
  t.match(ended.errorDetail, /unreachable for more than 5000 ms/, 'the data plane reported the server gone; the control plane terminated the transfer');
});

t.test('an untrusted server certificate ends the transfer; once an operator trusts it, transfers start', async (t) => {
  const server = await startOpcUaServer(t);
  const pkiDir = await createTempDir(t, 'tdss-opcua-strict-pki-');
  const cut = await startOpcUaRuntime(t, { dialect: 'sqlite', file: join(await createTempDir(t, 'tdss-sqlite-'), 'db.sqlite') }, { ...DATA_PLANE, pkiDir, acceptUnknownServerCertificates: false });
  await cut.putSecret(PASSWORD_SECRET, USERS.operator!);
  await cut.createAsset('plant', { type: 'OpcUa', endpointUrl: server.endpointUrl, nodes: [server.nodes.label], securityMode: 'SignAndEncrypt', identity: { type: 'UserName', userName: 'operator', passwordSecret: PASSWORD_SECRET } });
  const refused = await cut.transfer('plant', PULL);
  t.equal(refused.consumer.state, 'TERMINATED');
  t.match(refused.consumer.errorDetail, /presented a certificate this data plane does not trust \(BadCertificateUntrusted\)/);

  const rejected = await readdir(join(pkiDir, 'rejected'));
  t.equal(rejected.length, 1, 'the server certificate waits in the rejected folder');
  await rename(join(pkiDir, 'rejected', rejected[0]!), join(pkiDir, 'trusted', 'certs', rejected[0]!));
  const { consumer } = await cut.transfer('plant', PULL);
  t.equal(consumer.state, 'STARTED', 'the trusted server is accepted');
  const read = await get(pullTarget(consumer).values, pullTarget(consumer).token);
  t.match(await read.json(), { values: [{ value: server.label() }] });
});
