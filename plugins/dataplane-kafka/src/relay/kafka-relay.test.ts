import t from 'tap';
import { kafkaBootstrap } from '../../../../test/support/kafka/kafka-bootstrap.ts';
import { DELIVERIES, newFlow, positions, texts } from '../test-support/relay-fixtures.ts';
import { digest, kafkaClient, produce, readTopic, sleep, values } from '../test-support/topics.ts';
import { deleteFlowGroup } from './delete-flow-group.ts';
import { flowGroupId } from './flow-group.ts';
import { startKafkaRelay } from './kafka-relay.ts';

const bootstrap = await kafkaBootstrap(t);
if (bootstrap) {
  for (const [delivery, options] of DELIVERIES) {
    t.test(`${delivery}: every message arrives once; suspended, nothing does; resumed, the rest follows from the committed offset`, async (t) => {
      const flow = await newFlow(bootstrap, `suspend-${delivery}`);
      const first = values('first', 2_000);
      await produce(bootstrap, flow.source.topic, first);
      const reader = await readTopic(bootstrap, flow.destination.topic);
      t.teardown(() => reader.close());

      const relay = await startKafkaRelay(flow, options);
      t.equal(relay.delivery, delivery, 'the delivery guarantee follows from the clusters (one here) and the option');
      const delivered = await reader.waitFor(first.length);
      t.equal(delivered.length, first.length, 'as many messages as the provider wrote, no more');
      t.equal(digest(texts(delivered)), digest(first), 'the same contents');
      t.equal(positions(delivered).size, first.length, 'each from its own source position');

      await relay.stop();
      t.equal(relay.delivered(), first.length, 'the relay counts what it delivered');
      const second = values('second', 1_000);
      await produce(bootstrap, flow.source.topic, second);
      await sleep(2_000);
      t.equal(reader.messages.length, first.length, 'a suspended flow delivers nothing');

      const resumed = await startKafkaRelay(flow, options);
      t.teardown(() => resumed.stop());
      const all = await reader.waitFor(first.length + second.length);
      t.equal(all.length, first.length + second.length, 'after resume only what was written meanwhile arrives');
      t.equal(digest(texts(all)), digest([...first, ...second]));
      t.equal(resumed.delivered(), second.length, 'resumed from the committed offset');
    });
  }

  t.test('terminate: the flow\'s consumer group is deleted', async (t) => {
    const flow = await newFlow(bootstrap, 'terminate');
    await produce(bootstrap, flow.source.topic, values('t', 100));
    const relay = await startKafkaRelay(flow, { sessionTimeoutMs: 6_000 });
    const reader = await readTopic(bootstrap, flow.destination.topic);
    t.teardown(() => reader.close());
    t.equal((await reader.waitFor(100, { quietMs: 0 })).length, 100);
    await relay.stop();

    const admin = kafkaClient(bootstrap).admin();
    await admin.connect();
    t.teardown(() => admin.disconnect());
    const groups = async () => (await admin.listGroups()).groups.map((group) => group.groupId);
    t.ok((await groups()).includes(flowGroupId(flow.flowId)), 'the flow\'s position is a consumer group');
    t.equal(await deleteFlowGroup(flow.source, flow.flowId), true);
    t.notOk((await groups()).includes(flowGroupId(flow.flowId)), 'gone after terminate');
    t.equal(await deleteFlowGroup(flow.source, flow.flowId), false, 'deleting it again is no error');
  });

  t.test('a source that cannot be reached fails the start', async (t) => {
    const flow = await newFlow(bootstrap, 'unreachable');
    await t.rejects(startKafkaRelay({ ...flow, source: { ...flow.source, bootstrapServers: ['127.0.0.1:1'] } }, { exactlyOnce: false }));
  });
}
