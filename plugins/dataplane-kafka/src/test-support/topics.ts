/** Test helpers on a real broker: topics, messages written and read back, and their digest. */
import { createHash, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';

export interface ReadMessage {
  readonly value: string;
  readonly headers: IHeaders;
}

export function kafkaClient(bootstrap: string): Kafka {
  return new Kafka({ brokers: [bootstrap], clientId: 'tdss-test', logLevel: logLevel.NOTHING });
}

/** A new topic with a unique name. */
export async function createTopic(bootstrap: string, prefix: string, partitions = 1): Promise<string> {
  const topic = `${prefix}-${randomUUID()}`;
  const admin = kafkaClient(bootstrap).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false });
    // kafkajs's own wait for leaders can fail on a busy broker with an unhandled rejection; this one retries.
    for (let attempt = 0; ; attempt++) {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
      if (metadata?.topics[0]?.partitions.length === partitions && metadata.topics[0].partitions.every((p) => p.leader >= 0)) break;
      if (attempt === 100) throw new Error(`topic ${topic} has no leaders after 10 s`);
      await sleep(100);
    }
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** Writes the values in order, keyed so they spread over the topic's partitions. */
export async function produce(bootstrap: string, topic: string, values: readonly string[]): Promise<void> {
  const producer = kafkaClient(bootstrap).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += 1_000) {
      await producer.send({ topic, acks: -1, messages: values.slice(i, i + 1_000).map((value) => ({ key: value, value })) });
    }
  } finally {
    await producer.disconnect();
  }
}

export function values(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}-${'x'.repeat(i % 37)}`);
}

/** Order-independent digest of values (partitions interleave). */
export function digest(values: readonly string[]): string {
  return createHash('sha256').update([...values].sort().join('\n')).digest('hex');
}

/** A reader of a topic from its beginning (committed messages only), collecting what arrives. */
export interface TopicReader {
  readonly messages: ReadMessage[];
  /** Waits until at least `count` messages arrived, then `quietMs` more for any surplus. */
  waitFor(count: number, options?: { timeoutMs?: number; quietMs?: number }): Promise<ReadMessage[]>;
  close(): Promise<void>;
}

export async function readTopic(bootstrap: string, topic: string): Promise<TopicReader> {
  const consumer = kafkaClient(bootstrap).consumer({ groupId: `tdss-test-reader-${randomUUID()}`, readUncommitted: false });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) messages.push({ value: message.value?.toString() ?? '', headers: message.headers ?? {} });
    },
  });
  return {
    messages,
    async waitFor(count, { timeoutMs = 60_000, quietMs = 1_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count && Date.now() < deadline) await sleep(50);
      await sleep(quietMs);
      return [...messages];
    },
    close: () => consumer.disconnect(),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
