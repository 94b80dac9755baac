/**
 * Kafka data plane: messages per second relayed end to end — the relay (@tdss/dataplane-kafka,
 * in a process of its own, as a data plane runs) consuming the provider's topic and producing to
 * the consumer's, read there by a kafkajs consumer — against the same consumer reading the
 * provider's topic directly, in the same run, on one real broker (Kafka from Maven Central, KRaft).
 * Both relay deliveries are measured: exactly-once (one cluster: transactions) and at-least-once.
 *
 * Rates are steady-state: from the first message the reader sees to the last, so consumer group
 * joins and process start-up are left out (and reported apart as time to the first message).
 *
 *   node test/bench/dataplane-kafka.ts    # or `npm run bench dataplane-kafka` once run.ts lists the suite
 *
 * KAFKA_BOOTSTRAP names a running broker; without it the suite starts one. TDSS_BENCH_KAFKA_MESSAGES
 * changes the message count (default 200,000 of 256 bytes over 3 partitions), TDSS_BENCH_KAFKA_ROUNDS
 * the rounds (default 3), TDSS_BENCH_KAFKA_RELAY_OPTIONS the relay's options (JSON), and TDSS_BENCH_KAFKA_PROFILE names a folder for a CPU profile of every
 * relay process (written when it exits).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaAddress, RelayOptions, RelaySpec } from '@tdss/dataplane-kafka';
import { startKafkaBroker } from '../support/kafka/kafka-broker.ts';
import type { BenchSuite } from './run.ts';
import { median, round } from './suites/statistics.ts';

const MESSAGES = Number(process.env.TDSS_BENCH_KAFKA_MESSAGES ?? 200_000);
const VALUE_BYTES = 256;
const PARTITIONS = 3;
const ROUNDS = Number(process.env.TDSS_BENCH_KAFKA_ROUNDS ?? 3);
/** A folder for a CPU profile of each relay process (`node --cpu-prof`), to see where its time goes. */
const PROFILE_DIR = process.env.TDSS_BENCH_KAFKA_PROFILE;
/** RelayOptions (JSON) for the relay processes, to compare settings. */
const RELAY_OPTIONS = JSON.parse(process.env.TDSS_BENCH_KAFKA_RELAY_OPTIONS ?? '{}') as RelayOptions;
const TARGET_RATIO = 0.8;
const RELAY_PROCESS = path.join(import.meta.dirname, '../../plugins/dataplane-kafka/src/test-support/relay-process.ts');

type Mode = 'exactly-once' | 'at-least-once';

interface Reading {
  /** Messages per second from the first message seen to the last. */
  rate: number;
  /** From the start of reading (or of the relay) to the first message. */
  firstMessageMs: number;
  /** CPU time of the reader (this process) per 10,000 messages. */
  readerCpuMs: number;
  /** CPU time of the relay process per 10,000 messages, from its "ready" to the last message read. */
  relayCpuMs?: number;
}

export const dataplaneKafka: BenchSuite = {
  name: 'dataplane-kafka',
  description: `Kafka data plane: ${MESSAGES} messages of ${VALUE_BYTES} B relayed end to end (messages/s), against a direct kafkajs consumer of the same topic`,
  async run() {
    const given = process.env.KAFKA_BOOTSTRAP;
    const broker = given ? undefined : await startKafkaBroker({ heapMb: 1024 });
    const bootstrap = given ?? broker!.bootstrap;
    const kafka = new Kafka({ brokers: [bootstrap], clientId: 'tdss-bench', logLevel: logLevel.NOTHING });
    try {
      const source = await createTopic(kafka, 'bench-source');
      process.stderr.write(`bench: dataplane-kafka — writing ${MESSAGES} messages to ${source}\n`);
      await fill(kafka, source);

      const direct: Reading[] = [];
      const relayed: Record<Mode, Reading[]> = { 'exactly-once': [], 'at-least-once': [] };
      // Rounds alternate the three, so a slow moment of a shared machine does not hit one alone.
      for (let round = 0; round < ROUNDS; round++) {
        direct.push(await read(kafka, source));
        for (const mode of ['exactly-once', 'at-least-once'] as const) relayed[mode].push(await relay(kafka, bootstrap, source, mode));
      }
      const directRate = median(direct.map((r) => r.rate));
      const summary = (readings: Reading[]) => {
        const rate = median(readings.map((r) => r.rate));
        return {
          messagesPerSecond: round(rate, 0),
          runs: readings.map((r) => round(r.rate, 0)),
          firstMessageMs: round(median(readings.map((r) => r.firstMessageMs))),
          cpuMsPer10kMessages: { relayProcess: round(median(readings.map((r) => r.relayCpuMs ?? 0))), reader: round(median(readings.map((r) => r.readerCpuMs))) },
          ratioToDirect: round(rate / directRate),
          target: { ratioMin: TARGET_RATIO, met: rate / directRate >= TARGET_RATIO },
        };
      };
      return {
        messages: MESSAGES,
        valueBytes: VALUE_BYTES,
        partitions: PARTITIONS,
        rounds: ROUNDS,
        broker: given ? 'KAFKA_BOOTSTRAP' : 'started by the suite (Kafka 4.4.0, KRaft, one node)',
        relayExactlyOnce: { ...summary(relayed['exactly-once']), note: 'relay in its own process; one transaction per delivery (produce + offset commit)' },
        relayAtLeastOnce: { ...summary(relayed['at-least-once']), note: 'relay in its own process; idempotent produce, then offset commit' },
        baseline: {
          name: 'direct kafkajs consumer of the provider topic (same reader code)',
          messagesPerSecond: round(directRate, 0),
          runs: direct.map((r) => round(r.rate, 0)),
          firstMessageMs: round(median(direct.map((r) => r.firstMessageMs))),
          cpuMsPer10kMessages: { reader: round(median(direct.map((r) => r.readerCpuMs))) },
        },
        note: 'On a machine whose cores are busy, wall-clock rates follow the load; CPU per message does not, and says what the relay costs.',
      };
    } finally {
      await broker?.stop();
    }
  },
};

async function createTopic(kafka: Kafka, prefix: string): Promise<string> {
  const topic = `${prefix}-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

async function fill(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const value = Buffer.alloc(VALUE_BYTES, 'v');
    for (let i = 0; i < MESSAGES; i += 5_000) {
      const count = Math.min(5_000, MESSAGES - i);
      await producer.send({ topic, acks: -1, messages: Array.from({ length: count }, (_, j) => ({ key: String(i + j), value })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Reads the topic from its beginning until MESSAGES arrived. */
async function read(kafka: Kafka, topic: string, beforeFirst?: () => Promise<void>): Promise<Reading> {
  const consumer = kafka.consumer({ groupId: `tdss-bench-reader-${randomUUID()}`, maxBytesPerPartition: 1024 * 1024 });
  let count = 0;
  let first = 0;
  let last = 0;
  let firstBatch = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const started = performance.now();
  const cpu = process.cpuUsage();
  await consumer.run({
    eachBatch: async ({ batch }) => {
      if (count === 0) {
        first = performance.now();
        firstBatch = batch.messages.length;
      }
      count += batch.messages.length;
      if (count >= MESSAGES) {
        last = performance.now();
        done();
      }
    },
  });
  await beforeFirst?.();
  await finished;
  const used = process.cpuUsage(cpu);
  await consumer.disconnect();
  if (count !== MESSAGES) throw new Error(`bench: read ${count} messages from ${topic}, expected ${MESSAGES}`);
  return { rate: ((MESSAGES - firstBatch) * 1000) / (last - first), firstMessageMs: first - started, readerCpuMs: ((used.user + used.system) / 1000) * (10_000 / MESSAGES) };
}

/** User + system CPU milliseconds of a process so far (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A relay process for a new flow from the source to a new topic, measured at the destination. */
async function relay(kafka: Kafka, bootstrap: string, source: string, mode: Mode): Promise<Reading> {
  const address = (topic: string): KafkaAddress => ({ bootstrapServers: [bootstrap], topic, securityProtocol: 'PLAINTEXT' });
  const destination = await createTopic(kafka, `bench-${mode}`);
  const spec: RelaySpec = { flowId: `bench-${randomUUID()}`, source: address(source), destination: address(destination), startFrom: 'earliest' };
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, RELAY_PROCESS, JSON.stringify({ spec, options: { ...RELAY_OPTIONS, exactlyOnce: mode === 'exactly-once' } })], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let cpuAtReady = 0;
    const reading = await read(kafka, destination, async () => {
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      if (!line.toString().startsWith('ready')) throw new Error(`bench: the relay process said ${line.toString()}`);
      cpuAtReady = await processCpuMs(child.pid!);
    });
    return { ...reading, relayCpuMs: ((await processCpuMs(child.pid!)) - cpuAtReady) * (10_000 / MESSAGES) };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

if (import.meta.main) {
  const results = await dataplaneKafka.run();
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), results: { [dataplaneKafka.name]: results } }, null, 2)}\n`);
}
