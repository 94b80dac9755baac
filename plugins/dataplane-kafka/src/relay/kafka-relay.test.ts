import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import t from 'tap';
import { kafkaBootstrap } from '../../../../test/support/kafka/kafka-bootstrap.ts';
import type { KafkaAddress } from '../address/kafka-address.ts';
import { createTopic, digest, kafkaClient, produce, readTopic, sleep, values, type ReadMessage } from '../test-support/topics.ts';
import { deleteFlowGroup } from './delete-flow-group.ts';
import { flowGroupId } from './flow-group.ts';
import { SOURCE_HEADER, startKafkaRelay, type Delivery, type RelayOptions, type RelaySpec } from './kafka-relay.ts';

const bootstrap = await kafkaBootstrap(t);
if (bootstrap) {
  const address = (topic: string): KafkaAddress => ({ bootstrapServers: [bootstrap], topic, securityProtocol: 'PLAINTEXT' });
  const spec = async (name: string): Promise<RelaySpec> => ({
    flowId: `${name}-${Date.now()}`,
    source: address(await createTopic(bootstrap, 'source', 3)),
    destination: address(await createTopic(bootstrap, 'destination', 2)),
    startFrom: 'earliest',
  });
  const deliveries: [Delivery, RelayOptions][] = [
    ['exactly-once', { sessionTimeoutMs: 6_000 }],
    ['at-least-once', { sessionTimeoutMs: 6_000, exactlyOnce: false }],
  ];
  const texts = (messages: readonly ReadMessage[]) => messages.map((message) => message.value);
  const positions = (messages: readonly ReadMessage[]) => new Set(messages.map((message) => String(message.headers[SOURCE_HEADER])));

  for (const [delivery, options] of deliveries) {
    t.test(`${delivery}: every message arrives once; suspended, nothing does; resumed, the rest follows from the committed offset`, async (t) => {
      const flow = await spec(`suspend-${delivery}`);
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

    t.test(`${delivery}: a relay killed mid-stream loses nothing when it starts again`, async (t) => {
      const flow = await spec(`crash-${delivery}`);
      const sent = values('crash', 20_000);
      await produce(bootstrap, flow.source.topic, sent);
      const reader = await readTopic(bootstrap, flow.destination.topic);
      t.teardown(() => reader.close());

      const child = spawn(process.execPath, [path.join(import.meta.dirname, '../test-support/relay-process.ts'), JSON.stringify({ spec: flow, options: { ...options, maxBytesPerPartition: 16 * 1024 } })], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      t.teardown(() => child.kill('SIGKILL'));
      const deadline = Date.now() + 60_000;
      while (reader.messages.length < 2_000 && Date.now() < deadline) await sleep(10);
      child.kill('SIGKILL');
      await once(child, 'exit');
      const beforeCrash = reader.messages.length;
      t.ok(beforeCrash >= 2_000 && beforeCrash < sent.length, `killed mid-stream, after ${beforeCrash} of ${sent.length} messages`);

      const restarted = await startKafkaRelay(flow, options);
      t.teardown(() => restarted.stop());
      const delivered = await reader.waitFor(sent.length, { quietMs: 2_000 });
      t.equal(positions(delivered).size, sent.length, 'every source position arrived');
      t.equal(digest([...new Map(delivered.map((message) => [String(message.headers[SOURCE_HEADER]), message.value])).values()]), digest(sent), 'with its contents');
      const repeats = delivered.length - sent.length;
      if (delivery === 'exactly-once') t.equal(repeats, 0, 'the killed relay\'s open transaction was aborted: no message twice');
      else t.ok(repeats >= 0 && repeats <= 10_000, `repeats (${repeats}) stay within what was fetched but not committed`);
    });
  }

  t.test('terminate: the flow\'s consumer group is deleted', async (t) => {
    const flow = await spec('terminate');
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
    const flow = await spec('unreachable');
    await t.rejects(startKafkaRelay({ ...flow, source: { ...flow.source, bootstrapServers: ['127.0.0.1:1'] } }, { exactlyOnce: false }));
  });
}
