import { randomUUID } from 'node:crypto';
import { createMemoryDataFlowStore } from '@tdss/dataplane-sdk';
import { rejectionOf } from '@tdss/testing';
import t from 'tap';
import { kafkaBootstrap } from '../../../../test/support/kafka/kafka-bootstrap.ts';
import type { KafkaAddress } from '../address/kafka-address.ts';
import { flowGroupId } from '../relay/flow-group.ts';
import type { RelayOptions } from '../relay/kafka-relay.ts';
import { startMessage } from '../test-support/start-message.ts';
import { createTopic, digest, kafkaClient, produce, readTopic, sleep, values } from '../test-support/topics.ts';
import { createKafkaDataPlane, KAFKA_PUSH } from './kafka-data-plane.ts';

const bootstrap = await kafkaBootstrap(t);
if (bootstrap) {
  const setup = async () => {
    const source: KafkaAddress = { bootstrapServers: [bootstrap], topic: await createTopic(bootstrap, 'provider-orders', 2), securityProtocol: 'PLAINTEXT' };
    const destination = await createTopic(bootstrap, 'consumer-inbox', 1);
    const store = createMemoryDataFlowStore();
    const open = (relay: RelayOptions = {}) =>
      createKafkaDataPlane({ id: 'kafka', store, resolveSource: async () => ({ address: source, startFrom: 'earliest' }), relay: { sessionTimeoutMs: 6_000, ...relay }, watchIntervalMs: 200 });
    const processId = randomUUID();
    const start = (dataAddress: unknown, messageId = randomUUID()) => ({ ...startMessage(processId, KAFKA_PUSH, messageId), dataAddress });
    const inbox = { endpointType: 'Kafka', endpoint: bootstrap, endpointProperties: [{ name: 'topic', value: destination }] };
    return { source, destination, store, open, processId, start, inbox };
  };

  t.test('DPS start, suspend, resume and terminate drive the relay', async (t) => {
    const { source, destination, open, processId, start, inbox } = await setup();
    const plane = open();
    t.teardown(() => plane.close());
    const first = values('order', 500);
    await produce(bootstrap, source.topic, first);
    const reader = await readTopic(bootstrap, destination);
    t.teardown(() => reader.close());

    const startMessage = start(inbox);
    const started = await plane.dataPlane.signaling.start(startMessage);
    t.match(started, { status: 200, body: { dataFlowId: processId, state: 'STARTED' } });
    t.same(await plane.dataPlane.signaling.start(startMessage), started, 'a repeated start is answered alike');
    t.same(plane.relaying(), [processId], 'one relay for the flow');
    const delivered = await reader.waitFor(first.length);
    t.equal(delivered.length, first.length);
    t.equal(digest(delivered.map((m) => m.value)), digest(first));

    t.match(await plane.dataPlane.signaling.suspend(processId, { messageId: randomUUID(), reason: 'pause' }), { status: 200, body: { state: 'SUSPENDED' } });
    t.same(plane.relaying(), [], 'suspended: no relay');
    const second = values('later', 300);
    await produce(bootstrap, source.topic, second);
    await sleep(2_000);
    t.equal(reader.messages.length, first.length, 'nothing arrives while suspended');

    t.match(await plane.dataPlane.signaling.resume(processId, { messageId: randomUUID() }), { status: 200, body: { state: 'STARTED' } });
    const all = await reader.waitFor(first.length + second.length);
    t.equal(all.length, first.length + second.length, 'resumed from the right offset: the rest, once');
    t.equal(digest(all.map((m) => m.value)), digest([...first, ...second]));

    t.match(await plane.dataPlane.signaling.terminate(processId, { messageId: randomUUID(), reason: 'done' }), { status: 200, body: { state: 'TERMINATED' } });
    t.same(plane.relaying(), []);
    const admin = kafkaClient(bootstrap).admin();
    await admin.connect();
    t.teardown(() => admin.disconnect());
    t.notOk((await admin.listGroups()).groups.some((group) => group.groupId === flowGroupId(processId)), 'the flow\'s position is deleted');
    await produce(bootstrap, source.topic, values('after', 50));
    await sleep(2_000);
    t.equal(reader.messages.length, first.length + second.length, 'terminated: nothing more arrives');
    const refused = await rejectionOf(plane.dataPlane.signaling.resume(processId, { messageId: randomUUID() }));
    t.match(refused, { status: 409 }, 'a terminated flow cannot resume');
  });

  t.test('a restarted data plane recovers its started flows from their committed offsets', async (t) => {
    const { source, destination, open, processId, start, inbox } = await setup();
    const reader = await readTopic(bootstrap, destination);
    t.teardown(() => reader.close());
    const before = open();
    await before.dataPlane.signaling.start(start(inbox));
    const first = values('before', 200);
    await produce(bootstrap, source.topic, first);
    await reader.waitFor(first.length, { quietMs: 0 });
    await before.close();

    const meanwhile = values('meanwhile', 200);
    await produce(bootstrap, source.topic, meanwhile);
    const after = open();
    t.teardown(() => after.close());
    await after.recover([processId, 'unknown-flow']);
    t.same(after.relaying(), [processId], 'the started flow relays again; an unknown one is ignored');
    const all = await reader.waitFor(first.length + meanwhile.length);
    t.equal(all.length, first.length + meanwhile.length);
    t.equal(digest(all.map((m) => m.value)), digest([...first, ...meanwhile]));
  });

  t.test('a suspend applied by another replica (one store) stops the relay here too', async (t) => {
    const { source, destination, open, processId, start, inbox } = await setup();
    const reader = await readTopic(bootstrap, destination);
    t.teardown(() => reader.close());
    // At-least-once: two relays of one flow share its partitions; transactions of both would fence each other.
    const here = open({ exactlyOnce: false });
    const there = open({ exactlyOnce: false });
    t.teardown(() => Promise.all([here.close(), there.close()]));
    await here.dataPlane.signaling.start(start(inbox));
    await there.recover([processId]);
    t.same(there.relaying(), [processId], 'both replicas relay the started flow');

    await there.dataPlane.signaling.suspend(processId, { messageId: randomUUID() });
    t.same(there.relaying(), [], 'the replica that applied the suspend stopped at once');
    const deadline = Date.now() + 10_000;
    while (here.relaying().length > 0 && Date.now() < deadline) await sleep(50);
    t.same(here.relaying(), [], 'the other one saw the newer generation in the store and stopped');
    await produce(bootstrap, source.topic, values('suspended', 100));
    await sleep(2_000);
    t.equal(reader.messages.length, 0, 'nothing is relayed while the flow is suspended');
  });

  t.test('a destination that is not a Kafka address refuses the flow for good', async (t) => {
    const { open, start, processId, inbox } = await setup();
    const plane = open();
    t.teardown(() => plane.close());
    const wrong = await rejectionOf(plane.dataPlane.signaling.start(start({ ...inbox, endpointType: 'HttpData' })));
    t.match(wrong, { status: 400, message: /endpointType must be "Kafka"/ });
    t.match(await plane.dataPlane.flow(processId), { state: 'TERMINATED' });
    const { open: open2, start: start2, inbox: inbox2 } = await setup();
    const plane2 = open2();
    t.teardown(() => plane2.close());
    const noTopic = await rejectionOf(plane2.dataPlane.signaling.start(start2({ ...inbox2, endpointProperties: [] })));
    t.match(noTopic, { status: 400, message: /topic must be a Kafka topic name/ });
  });
}
