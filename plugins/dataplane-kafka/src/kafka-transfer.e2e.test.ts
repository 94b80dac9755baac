/**
 * End to end in one runtime, two participant contexts: the consumer negotiates an agreement for the
 * provider's Kafka asset over DSP, requests a Kafka-PUSH transfer to its own topic, and receives
 * exactly the provider's messages — relayed by the Kafka data plane, which reads the provider's
 * topic with SASL credentials from the provider's secret store. Suspend holds the stream, resume
 * continues from the committed offset, terminate ends it for good; a restarted runtime relays its
 * started flows again, losing nothing.
 */
import { providerProcessOf, waitForTransferState } from '@tdss/dataplane-sdk/testing';
import { createTempDir, forEachDialect, freePort } from '@tdss/testing';
import t from 'tap';
import { kafkaBroker } from '../../../test/support/kafka/kafka-bootstrap.ts';
import { flowGroupId } from './relay/flow-group.ts';
import { createTopic, digest, kafkaClient, produce, readTopic, sleep, values } from './test-support/topics.ts';
import { startTransferRuntime } from './test-support/transfer-runtime.ts';

const broker = await kafkaBroker(t);
if (broker) {
  await forEachDialect(t, 'a Kafka topic streamed between two participant contexts for the life of a transfer', async (t, _dialect, store) => {
    const keyDir = await createTempDir(t, 'tdss-keys-');
    const orders = await createTopic(broker.bootstrap, 'provider-orders', 3);
    const inbox = await createTopic(broker.bootstrap, 'consumer-inbox', 2);
    const port = await freePort();
    const first = await startTransferRuntime(t, { name: 'kafka-e2e', store, keyDir, port });
    await first.createParticipants('provider', 'consumer');
    await first.putSecret('provider', 'kafka/orders', JSON.stringify(broker.user));
    await first.offer('provider', 'orders', { type: 'Kafka', bootstrapServers: broker.saslBootstrap, topic: orders, securityProtocol: 'SASL_PLAINTEXT', saslMechanism: 'plain', secretName: 'kafka/orders' });
    const agreementId = await first.negotiate('consumer', 'provider', 'orders');

    const sent = values('order', 1_000);
    await produce(broker.bootstrap, orders, sent);
    const reader = await readTopic(broker.bootstrap, inbox);
    t.teardown(() => reader.close());
    const destination = { '@type': 'DataAddress', endpointType: 'Kafka', endpoint: broker.bootstrap, endpointProperties: [{ '@type': 'EndpointProperty', name: 'topic', value: inbox }] };
    const requested = await first.transfers.request('consumer', { counterpartyAddress: first.dspBase('provider'), agreementId, transferType: 'Kafka-PUSH', dataDestination: destination as never });
    await waitForTransferState(first.transfers, 'consumer', requested.id, ['STARTED'], 60_000);
    const provider = await providerProcessOf(first.transfers, 'provider', requested.id);
    await waitForTransferState(first.transfers, 'provider', provider.id, ['STARTED'], 60_000);

    const delivered = await reader.waitFor(sent.length);
    t.equal(delivered.length, sent.length, 'the consumer received as many messages as the provider wrote');
    t.equal(digest(delivered.map((m) => m.value)), digest(sent), 'with the same contents (sha-256 of the sorted values)');

    await first.transfers.suspend('provider', provider.id, 'maintenance');
    await waitForTransferState(first.transfers, 'provider', provider.id, ['SUSPENDED'], 60_000);
    await waitForTransferState(first.transfers, 'consumer', requested.id, ['SUSPENDED'], 60_000);
    const meanwhile = values('meanwhile', 300);
    await produce(broker.bootstrap, orders, meanwhile);
    await sleep(2_000);
    t.equal(reader.messages.length, sent.length, 'suspended: nothing more arrives');

    await first.transfers.resume('provider', provider.id);
    await waitForTransferState(first.transfers, 'provider', provider.id, ['STARTED'], 60_000);
    const resumed = await reader.waitFor(sent.length + meanwhile.length);
    t.equal(resumed.length, sent.length + meanwhile.length, 'resumed from the committed offset: what was written meanwhile, once');
    t.equal(digest(resumed.map((m) => m.value)), digest([...sent, ...meanwhile]));

    // The runtime stops with the flow STARTED; a new one on the same database relays it again.
    await first.runtime.stop();
    const whileDown = values('down', 200);
    await produce(broker.bootstrap, orders, whileDown);
    const second = await startTransferRuntime(t, { name: 'kafka-e2e', store, keyDir, port });
    const all = [...sent, ...meanwhile, ...whileDown];
    const recovered = await reader.waitFor(all.length);
    t.equal(recovered.length, all.length, 'after the restart the flow relays again and loses nothing');
    t.equal(digest(recovered.map((m) => m.value)), digest(all));

    await second.transfers.terminate('consumer', requested.id, 'done');
    await waitForTransferState(second.transfers, 'provider', provider.id, ['TERMINATED'], 60_000);
    await produce(broker.bootstrap, orders, values('after', 100));
    await sleep(2_000);
    t.equal(reader.messages.length, all.length, 'terminated: nothing more arrives');
    const admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
    t.teardown(() => admin.disconnect());
    t.notOk((await admin.listGroups()).groups.some((group) => group.groupId === flowGroupId(provider.id)), 'the flow\'s position is gone from the provider\'s cluster');
  });

  t.test('a transfer the data plane cannot serve ends with the reason', async (t) => {
    const dir = await createTempDir(t, 'tdss-kafka-');
    const cut = await startTransferRuntime(t, { name: 'kafka-refusals', store: { dialect: 'sqlite', file: `${dir}/db.sqlite` }, keyDir: dir, dataPlane: { retryDelayMs: 100, maxRelayFailures: 2 } });
    await cut.createParticipants('provider', 'consumer');
    const request = async (assetId: string, dataAddress: Record<string, unknown>, inbox: string) => {
      await cut.offer('provider', assetId, dataAddress);
      const agreementId = await cut.negotiate('consumer', 'provider', assetId);
      const destination = { '@type': 'DataAddress', endpointType: 'Kafka', endpoint: broker.bootstrap, endpointProperties: [{ '@type': 'EndpointProperty', name: 'topic', value: inbox }] };
      const requested = await cut.transfers.request('consumer', { counterpartyAddress: cut.dspBase('provider'), agreementId, transferType: 'Kafka-PUSH', dataDestination: destination as never });
      return waitForTransferState(cut.transfers, 'consumer', requested.id, ['TERMINATED'], 60_000);
    };

    const locked = await request('locked', { type: 'Kafka', bootstrapServers: broker.saslBootstrap, topic: 'locked', securityProtocol: 'SASL_PLAINTEXT', secretName: 'kafka/missing' }, 'inbox');
    t.match(locked.errorDetail, /secret "kafka\/missing" named by the asset does not exist/, 'a missing secret refuses the start');

    const source = await createTopic(broker.bootstrap, 'provider-events', 1);
    await produce(broker.bootstrap, source, values('event', 10));
    const nowhere = await request('events', { type: 'Kafka', bootstrapServers: broker.bootstrap, topic: source }, `no-such-topic-${Date.now()}`);
    t.match(nowhere.errorDetail, /kafka relay failed 2 times in a row/, 'a destination the relay cannot write to is reported (errored) and the transfer terminated');
  });
}
