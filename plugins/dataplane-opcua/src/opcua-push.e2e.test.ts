/**
 * Provider push end to end: one runtime, two participant contexts, a real node-opcua server. The
 * data changes arrive at the consumer's inbox in ordered batches, through refusals of the inbox;
 * suspend stops them, resume starts them again, terminate ends them; a destination that refuses
 * for good ends the transfer.
 */
import { waitForTransferState } from '@tdss/dataplane-sdk/testing';
import { forEachDialect } from '@tdss/testing';
import t from 'tap';
import { startInbox } from './test-support/inbox.ts';
import { CONSUMER, PROVIDER, PUSH } from './test-support/opcua-runtime.ts';
import { assertConsecutive, latency, sleep, startPlant, until } from './test-support/plant.ts';

await forEachDialect(t, 'OPC UA push between two participant contexts', async (t, _dialect, store) => {
  const { server, cut } = await startPlant(t, store);

  await t.test('push: batches of changes arrive in order, through refusals of the inbox; suspend stops them, resume starts them again', async (t) => {
    const inbox = await startInbox(t);
    inbox.failNext(2);
    const destination = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url, endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'inbox-token' }, { '@type': 'EndpointProperty', name: 'authType', value: 'bearer' }] };
    const { consumer, provider } = await cut.transfer('plant', PUSH, destination);
    t.ok(provider, 'the transfer started');
    const counterValues = () => inbox.batches.flatMap((batch) => batch.changes).filter((change) => change.nodeId === server.nodes.counter).map((change) => change.value as number);
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
    await waitForTransferState(cut.transfers, CONSUMER.context, consumer.id, ['SUSPENDED']);
    await sleep(300);
    const delivered = inbox.batches.length;
    await sleep(700);
    t.equal(inbox.batches.length, delivered, 'no delivery while suspended');

    await cut.transfers.resume(PROVIDER.context, provider!.id);
    await waitForTransferState(cut.transfers, CONSUMER.context, consumer.id, ['STARTED']);
    await until('deliveries after the resume', () => inbox.batches.length >= delivered + 3);
    const after = inbox.batches.slice(delivered);
    t.ok(after.every((batch) => batch.generation > inbox.batches[0]!.generation), 'the batches after the resume are of the new generation');
    assertConsecutive(t, after.flatMap((batch) => batch.changes).filter((change) => change.nodeId === server.nodes.counter).slice(1).map((change) => change.value as number), server.counterHistory, 'the counter pushed after the resume');

    await cut.transfers.terminate(CONSUMER.context, consumer.id, 'enough');
    await waitForTransferState(cut.transfers, PROVIDER.context, provider!.id, ['TERMINATED']);
    await sleep(300);
    const final = inbox.batches.length;
    await sleep(500);
    t.equal(inbox.batches.length, final, 'no delivery after the termination');
  });

  await t.test('push: a destination that refuses for good (401) ends the transfer with the reason', async (t) => {
    const inbox = await startInbox(t);
    inbox.failNext(1, 401);
    const { consumer, provider } = await cut.transfer('plant', PUSH, { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: inbox.url });
    const ended = await waitForTransferState(cut.transfers, PROVIDER.context, provider!.id, ['TERMINATED']);
    t.match(ended.errorDetail, /push to the destination failed: the destination answered 401/);
    t.equal((await waitForTransferState(cut.transfers, CONSUMER.context, consumer.id, ['TERMINATED'])).state, 'TERMINATED', 'on both sides');
    t.equal(inbox.refused, 1, 'a 401 is not tried again');
  });
});
