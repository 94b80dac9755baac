import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import t from 'tap';
import { kafkaBootstrap } from '../../../../test/support/kafka/kafka-bootstrap.ts';
import { DELIVERIES, newFlow, positions } from '../test-support/relay-fixtures.ts';
import { digest, produce, readTopic, sleep, values } from '../test-support/topics.ts';
import { SOURCE_HEADER, startKafkaRelay } from './kafka-relay.ts';

const bootstrap = await kafkaBootstrap(t);
if (bootstrap) {
  for (const [delivery, options] of DELIVERIES) {
    t.test(`${delivery}: a relay killed mid-stream loses nothing when it starts again`, async (t) => {
      const flow = await newFlow(bootstrap, `crash-${delivery}`);
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
}
