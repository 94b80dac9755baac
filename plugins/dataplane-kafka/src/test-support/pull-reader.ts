/** Test helpers for pull flows: a consumer reading with a pull address, and probes of what a token may read. */
import { randomUUID } from 'node:crypto';
import type { DataAddress } from '@tdss/dataplane-sdk';
import kafkajs, { type KafkaConfig, type LogEntry } from 'kafkajs';
import { pullClientConfig } from '../pull/pull-client.ts';
import { sleep } from './topics.ts';

const { Kafka, logLevel } = kafkajs;

export interface PullReader {
  readonly values: string[];
  /** Errors that stopped the consumer (an authorization or authentication failure once access is revoked). */
  readonly crashes: string[];
  waitFor(count: number, timeoutMs?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** A consumer of a pull address in the address's group, as a consumer would run one: commits after each batch. */
export async function readPull(address: DataAddress, options: { renewBeforeMs?: number } = {}): Promise<PullReader> {
  const { endpoint, config } = pullClientConfig(address, 'tdss-test-pull', options.renewBeforeMs);
  const consumer = new Kafka({ ...config, logLevel: logLevel.NOTHING, retry: { retries: 2 } }).consumer({ groupId: endpoint.groupId, maxWaitTimeInMs: 500, retry: { retries: 2 } });
  const values: string[] = [];
  // A consumer group delivers at least once: a consumer that restarts after a timeout (kafkajs
  // restarts on retriable errors, frequent on a loaded machine) reads again from its last commit.
  // Records are counted once by partition and offset, as a consumer that de-duplicates sees them.
  const seen = new Set<string>();
  const crashes: string[] = [];
  consumer.on(consumer.events.CRASH, (event) => crashes.push(describe(event.payload.error)));
  await consumer.connect();
  await consumer.subscribe({ topics: [endpoint.topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const record = `${batch.partition}:${message.offset}`;
        if (seen.has(record)) continue;
        seen.add(record);
        values.push(message.value?.toString() ?? '');
      }
    },
  });
  return {
    values,
    crashes,
    async waitFor(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (values.length < count && Date.now() < deadline) await sleep(50);
      return [...values];
    },
    close: () => consumer.disconnect().catch(() => undefined),
  };
}

/**
 * What a client may do with a topic and a group: 'read' when a message arrives, else why it
 * stopped: the error and the broker's refusals kafkajs logged (it reports a group the principal
 * may not describe as "Failed to find group coordinator", and a refused OAUTHBEARER token, whose
 * error challenge it does not answer, as ILLEGAL_SASL_STATE).
 */
export async function probeRead(config: KafkaConfig, topic: string, groupId: string, timeoutMs = 15_000): Promise<string> {
  const refusals: string[] = [];
  const logCreator = () => (entry: LogEntry) => {
    const { error } = entry.log as { error?: unknown };
    if (typeof error === 'string') refusals.push(error);
  };
  const consumer = new Kafka({ ...config, clientId: `tdss-test-probe-${randomUUID()}`, logLevel: logLevel.ERROR, logCreator, retry: { retries: 1 } }).consumer({ groupId, maxWaitTimeInMs: 500, retry: { retries: 1 } });
  try {
    const outcome = await new Promise<string>((resolve) => {
      consumer.on(consumer.events.CRASH, (event) => resolve(describe(event.payload.error)));
      setTimeout(() => resolve('timeout'), timeoutMs).unref();
      void (async () => {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({ eachBatch: async () => resolve('read') });
      })().catch((error: unknown) => resolve(describe(error)));
    });
    return outcome === 'read' ? outcome : [outcome, ...new Set(refusals)].join(' | ');
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

function describe(error: unknown): string {
  const { type, name, message } = error as { type?: string; name?: string; message?: string };
  return type ?? `${name}: ${message}`;
}
