/**
 * Consumer pull end to end: one runtime, two participant contexts, a real node-opcua server
 * (SignAndEncrypt/Basic256Sha256, username/password). The consumer negotiates over DSP, the
 * transfer starts through DPS, and the consumer reads exactly the server's values and a stream of
 * its changes (SSE and NDJSON); tokens are checked on every request; suspend, resume and terminate
 * reach the streams.
 */
import { createFlowTokens, createSqlDataFlowStore } from '@tdss/dataplane-sdk';
import { waitForTransferState } from '@tdss/dataplane-sdk/testing';
import { Database, RUNTIME_SCOPE, SecretStore } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { openStream } from './test-support/event-stream.ts';
import { CONSUMER, PROVIDER, PULL, pullTarget } from './test-support/opcua-runtime.ts';
import { assertConsecutive, get, latency, sleep, startPlant } from './test-support/plant.ts';

await forEachDialect(t, 'OPC UA pull between two participant contexts', async (t, _dialect, store) => {
  const { server, cut } = await startPlant(t, store);

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
    await waitForTransferState(cut.transfers, CONSUMER.context, consumer.id, ['SUSPENDED']);
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
    const resumed = pullTarget(await waitForTransferState(cut.transfers, CONSUMER.context, consumer.id, ['STARTED']));
    t.not(resumed.token, first.token, 'a fresh token after the resume');
    t.equal((await get(first.values, first.token)).status, 401, 'the token from before the suspension stays refused');
    const again = (await openStream(resumed.stream, resumed.token)).reader!;
    assertConsecutive(t, (await again.waitFor(server.nodes.counter, 5)).slice(1).map((change) => change.value as number), server.counterHistory, 'the stream after the resume');

    await cut.transfers.terminate(CONSUMER.context, consumer.id, 'done');
    await waitForTransferState(cut.transfers, PROVIDER.context, provider!.id, ['TERMINATED']);
    await again.closed;
    t.match(again.endReason, /terminated|TERMINATED/, 'terminate closes the stream');
    const ended = await get(resumed.values, resumed.token);
    t.equal(ended.status, 403, 'a terminated flow refuses its token');
    t.match(await ended.json(), { detail: /TERMINATED/ });
  });

  await t.test('a suspend applied by another replica ends the stream at its next check of the flow', async (t) => {
    const { consumer, provider } = await cut.transfer('plant', PULL);
    const target = pullTarget(consumer);
    const stream = (await openStream(target.stream, target.token)).reader!;
    await stream.waitFor(server.nodes.counter, 2);
    // Another replica shares the flow table: it writes the suspension; no handler runs here.
    const replica = createSqlDataFlowStore(() => cut.runtime.get(Database), 'dataplane-opcua');
    const flow = (await replica.get(provider!.id))!;
    const suspendedAt = Date.now();
    t.ok(await replica.update({ ...flow, state: 'SUSPENDED', tokenGeneration: flow.tokenGeneration + 1 }), 'the other replica suspended the flow');
    await stream.closed;
    t.match(stream.endReason, /SUSPENDED/, 'the stream ended, naming the state');
    t.ok(Date.now() - suspendedAt < 2_000, `within ${Date.now() - suspendedAt} ms (check every 200 ms)`);
    t.equal((await get(target.values, target.token)).status, 403, 'and the token is refused');
  });
});
