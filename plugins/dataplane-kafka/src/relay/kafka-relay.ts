/**
 * One data flow's relay: a consumer of the provider's topic that produces every message to the
 * consumer's topic and commits the source offsets of what was delivered to a consumer group of
 * the flow's own (flowGroupId), on the provider's cluster. That group is the flow's position:
 * a relay started again for the same flow — after suspend, a restart or a crash — continues from
 * it.
 *
 * Delivery:
 * - exactly-once when source and destination are the same Kafka cluster: each delivery is one
 *   transaction holding the produced messages and the offset commit (the flow's transactional id
 *   also fences a relay of the same flow still running elsewhere);
 * - at-least-once otherwise: the offsets are committed after the destination acknowledged the
 *   messages (idempotent producer, acks from all replicas). A relay that dies between the two
 *   delivers that last delivery again when it restarts; every relayed message carries its source
 *   position in the `tdss-source` header (`partition:offset`) so the consumer can drop a repeat.
 *
 * A failed delivery ends the session without committing; the relay opens a new one, which starts
 * from the last committed offsets, after a back-off.
 */
import { Kafka, logLevel, type EachBatchPayload, type IHeaders, type LogEntry, type Message } from 'kafkajs';
import type { Logger } from '@tdss/sdk';
import { describeAddress, kafkaClientConfig, type KafkaAddress } from '../address/kafka-address.ts';
import { createDeliveryQueue, type FetchedBatch } from './delivery-queue.ts';
import { flowGroupId } from './flow-group.ts';

export type Delivery = 'exactly-once' | 'at-least-once';

export interface RelaySpec {
  readonly flowId: string;
  readonly source: KafkaAddress;
  readonly destination: KafkaAddress;
  /** Where a flow without a committed position begins: the topic's first message, or what arrives from now on. */
  readonly startFrom: 'earliest' | 'latest';
}

export interface RelayOptions {
  readonly clientId?: string;
  readonly logger?: Logger;
  /** Use transactions when source and destination are one cluster; default true. */
  readonly exactlyOnce?: boolean;
  /** Most bytes fetched per partition and request; default 1 MiB. */
  readonly maxBytesPerPartition?: number;
  /** Messages fetched but not yet delivered before fetching waits; default 10,000. */
  readonly maxWaitingMessages?: number;
  /**
   * Most bytes of messages in one produce request; a larger delivery is sent in several (in one
   * transaction when exactly-once). Keep it under the destination's max.message.bytes; default 512 KiB.
   */
  readonly maxRequestBytes?: number;
  /**
   * Most messages in one produce request; default 500. kafkajs groups a request's messages by
   * partition in time quadratic in their number, which makes large requests slower, not faster.
   */
  readonly maxRequestMessages?: number;
  /**
   * How long a fetch waits for new messages on an idle topic; a suspend waits for the fetch in
   * flight, so this bounds how long suspending takes; default 1 s.
   */
  readonly maxWaitTimeMs?: number;
  /** Consumer group session timeout: how long a crashed relay holds the flow's partitions; default 10 s. */
  readonly sessionTimeoutMs?: number;
  /** First back-off after a failed session; doubles up to 30 s; default 1 s. */
  readonly retryDelayMs?: number;
  /** Told of every failed session (or reconnection), with how many failed in a row since one delivered something. */
  onFailure?(error: unknown, consecutiveFailures: number): void;
}

export interface KafkaRelay {
  readonly flowId: string;
  readonly delivery: Delivery;
  /** Messages delivered (and their offsets committed) since this relay started. */
  delivered(): number;
  /** Stops fetching, delivers and commits what was fetched, then leaves the flow's group. */
  stop(): Promise<void>;
}

/** A message as the relay produces it: its destination partition is set when it is delivered; `size` bounds requests. */
interface RelayedMessage extends Message {
  partition: number;
  readonly headers: IHeaders;
  readonly size: number;
}

/** The header every relayed message carries: its source partition and offset. */
export const SOURCE_HEADER = 'tdss-source';

interface Session {
  /** Messages this session delivered. */
  delivered(): number;
  /** Rejects when the session failed on its own. */
  readonly failed: Promise<never>;
  close(graceful: boolean): Promise<void>;
}

export async function startKafkaRelay(spec: RelaySpec, options: RelayOptions = {}): Promise<KafkaRelay> {
  const clientId = options.clientId ?? 'tdss-dataplane-kafka';
  const logger = options.logger;
  const delivery = options.exactlyOnce === false ? 'at-least-once' : await deliveryFor(spec, clientId);
  const log = { flowId: spec.flowId, source: describeAddress(spec.source), destination: describeAddress(spec.destination), delivery };
  let deliveredBefore = 0;
  let stopped = false;
  const firstDelay = options.retryDelayMs ?? 1_000;
  let retryDelay = firstDelay;
  let consecutiveFailures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  // A failure to start the first session reaches the caller (a wrong address, a refused credential).
  let session: Session | undefined = await openSession(spec, delivery, clientId, options);
  logger?.info(log, 'kafka relay started');

  /** Another session after a back-off that doubles up to 30 s while no session delivers anything. */
  const retry = (error: unknown, what: string) => {
    consecutiveFailures++;
    logger?.warn({ ...log, err: error, retryInMs: retryDelay, consecutiveFailures }, what);
    options.onFailure?.(error, consecutiveFailures);
    retryTimer = setTimeout(reopen, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30_000);
  };
  const supervise = (current: Session) => {
    current.failed.catch(async (error: unknown) => {
      if (stopped || session !== current) return;
      session = undefined;
      if (current.delivered() > 0) {
        consecutiveFailures = 0;
        retryDelay = firstDelay;
      }
      deliveredBefore += current.delivered();
      await current.close(false).catch(() => undefined);
      retry(error, 'kafka relay failed; it continues from the last committed offset');
    });
  };
  const reopen = async () => {
    retryTimer = undefined;
    if (stopped) return;
    try {
      session = await openSession(spec, delivery, clientId, options);
      supervise(session);
    } catch (error) {
      retry(error, 'kafka relay could not reconnect');
    }
  };
  supervise(session);

  return {
    flowId: spec.flowId,
    delivery,
    delivered: () => deliveredBefore + (session?.delivered() ?? 0),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(retryTimer);
      const current = session;
      if (current) {
        await current.close(true);
        deliveredBefore += current.delivered();
        session = undefined;
      }
      logger?.info({ ...log, delivered: deliveredBefore }, 'kafka relay stopped');
    },
  };
}

/** Exactly-once needs the offsets committed where the messages go: one cluster, as its id says. */
async function deliveryFor(spec: RelaySpec, clientId: string): Promise<Delivery> {
  const [source, destination] = await Promise.all([clusterId(spec.source, clientId), clusterId(spec.destination, clientId)]);
  return source === destination ? 'exactly-once' : 'at-least-once';
}

async function clusterId(address: KafkaAddress, clientId: string): Promise<string> {
  const admin = new Kafka({ ...kafkaClientConfig(address, clientId), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

async function openSession(spec: RelaySpec, delivery: Delivery, clientId: string, options: RelayOptions): Promise<Session> {
  const groupId = flowGroupId(spec.flowId);
  const logCreator = kafkaLogCreator(options.logger, spec.flowId);
  const consumer = new Kafka({ ...kafkaClientConfig(spec.source, clientId), logCreator }).consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 10_000,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
    allowAutoTopicCreation: false,
    // A transactional source's aborted messages are never relayed.
    readUncommitted: false,
    // kafkajs would restart a crashed consumer on its own while deliveries of the crashed one are
    // still queued; the session ends instead, and the relay opens a new one from the committed offsets.
    retry: { restartOnFailure: async () => false },
  });
  const producer = new Kafka({ ...kafkaClientConfig(spec.destination, clientId), logCreator }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // A transaction begun right after the previous one ended is refused while the broker still
    // writes that one's markers (CONCURRENT_TRANSACTIONS); kafkajs's first retry after 300 ms
    // would make that the pace of the whole relay.
    // A send that keeps failing (a topic that does not exist) ends the session within seconds.
    retry: { initialRetryTime: 20, retries: 10, maxRetryTime: 1_000 },
    ...(delivery === 'exactly-once' ? { transactionalId: groupId } : {}),
    // Every message names its partition (toPartition): no key hashing per message.
    createPartitioner: () => ({ message }) => message.partition ?? 0,
  });
  /** The destination's partitions, read at the first delivery (a missing topic then fails a delivery, which the relay retries). */
  let toPartition: ((sourcePartition: number) => number) | undefined;

  let failWith: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (failWith = reject));
  failed.catch(() => undefined);

  const limits = { bytes: options.maxRequestBytes ?? 512 * 1024, messages: options.maxRequestMessages ?? 500 };
  const deliver = async (batches: readonly FetchedBatch<RelayedMessage>[]) => {
    if (!toPartition) {
      const count = await partitionCount(spec.destination, clientId);
      toPartition = (partition) => partition % count;
    }
    const requests = chunks(batches, toPartition, limits);
    const offsets = lastOffsets(batches);
    if (delivery === 'exactly-once') {
      const transaction = await producer.transaction();
      try {
        for (const messages of requests) await transaction.send({ topic: spec.destination.topic, messages });
        await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: spec.source.topic, partitions: offsets }] });
        await transaction.commit();
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        throw error;
      }
    } else {
      for (const messages of requests) await producer.send({ topic: spec.destination.topic, messages, acks: -1 });
      await consumer.commitOffsets(offsets.map(({ partition, offset }) => ({ topic: spec.source.topic, partition, offset })));
    }
  };
  const queue = createDeliveryQueue(deliver, options.maxWaitingMessages ?? 10_000, (error) => failWith(error));

  let closing = false;
  let handling = 0;
  const eachBatch = async ({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload) => {
    // Once closing, a fetched batch is left alone: it is not committed, so it is fetched again next time.
    if (closing || !isRunning() || isStale()) return;
    const last = batch.messages.at(-1);
    if (!last) return;
    handling++;
    try {
      await queue.push({
        partition: batch.partition,
        nextOffset: (BigInt(last.offset) + 1n).toString(),
        messages: batch.messages.map((message) => {
          // The decoded headers are this relay's own: one more needs no copy of them.
          const headers = message.headers ?? {};
          headers[SOURCE_HEADER] = `${batch.partition}:${message.offset}`;
          return { key: message.key, value: message.value, timestamp: message.timestamp, headers, partition: 0, size: messageBytes(message.key, message.value, headers) };
        }),
      });
      resolveOffset(last.offset);
    } catch (error) {
      failWith(error);
    } finally {
      handling--;
    }
  };

  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [spec.source.topic], fromBeginning: spec.startFrom === 'earliest' });
    consumer.on(consumer.events.CRASH, ({ payload }) => failWith(payload.error));
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  } catch (error) {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    throw error;
  }

  return {
    delivered: queue.delivered,
    failed,
    async close(graceful) {
      closing = true;
      try {
        if (graceful) {
          // What was fetched is delivered and committed while the relay is still a member of the group.
          while (handling > 0) await new Promise((resolve) => setTimeout(resolve, 5));
          // A failed delivery committed nothing: what it held is fetched again by the next relay of the flow.
          await queue.idle().catch(() => undefined);
        }
      } finally {
        await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
      }
    },
  };
}

/** Per partition, the offset after the last delivered message. */
function lastOffsets(batches: readonly FetchedBatch<RelayedMessage>[]): { partition: number; offset: string }[] {
  const next = new Map<number, string>();
  for (const batch of batches) next.set(batch.partition, batch.nextOffset);
  return [...next].map(([partition, offset]) => ({ partition, offset }));
}

/**
 * The batches' messages split, in order, into requests within the limits (a message larger than
 * the byte limit goes alone). A message goes to the destination partition of its source partition
 * (modulo the destination's partitions), so the order of each source partition, and so of each
 * key, is kept.
 */
function chunks(batches: readonly FetchedBatch<RelayedMessage>[], toPartition: (sourcePartition: number) => number, limits: { bytes: number; messages: number }): Message[][] {
  const requests: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const batch of batches) {
    const partition = toPartition(batch.partition);
    for (const message of batch.messages) {
      if (current.length > 0 && (bytes + message.size > limits.bytes || current.length >= limits.messages)) {
        requests.push(current);
        current = [];
        bytes = 0;
      }
      message.partition = partition;
      current.push(message);
      bytes += message.size;
    }
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/** A message's size in a record batch, near enough: key, value, headers and some framing. */
function messageBytes(key: Buffer | null, value: Buffer | null, headers: IHeaders): number {
  let size = 32 + length(key) + length(value);
  for (const name in headers) {
    const value = headers[name];
    size += 8 + name.length + (Array.isArray(value) ? value.reduce((sum: number, v) => sum + length(v), 0) : length(value));
  }
  return size;
}

function length(value: Buffer | string | null | undefined): number {
  return value == null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

async function partitionCount(address: KafkaAddress, clientId: string): Promise<number> {
  const admin = new Kafka({ ...kafkaClientConfig(address, clientId), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [address.topic] });
    return topics[0]?.partitions.length || 1;
  } finally {
    await admin.disconnect();
  }
}

/** kafkajs logs through the plugin's logger, warnings and errors only. */
function kafkaLogCreator(logger: Logger | undefined, flowId: string) {
  return () =>
    ({ level, log }: LogEntry) => {
      if (!logger || level > logLevel.WARN) return;
      // Said of every transactional producer whose retries are bounded, as the relay's are on
      // purpose: a failed transaction is aborted and the relay resumes from the committed offsets.
      if (log.message.startsWith('Limiting retries for the idempotent producer')) return;
      const { message, timestamp: _timestamp, logger: _name, ...rest } = log;
      const fields = { flowId, kafka: rest };
      if (level <= logLevel.ERROR) logger.error(fields, `kafkajs: ${message}`);
      else logger.warn(fields, `kafkajs: ${message}`);
    };
}
