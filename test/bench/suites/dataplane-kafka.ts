/**
 * Kafka data plane: messages per second relayed end to end — the relay (@tdss/dataplane-kafka,
 * in a process of its own, as a data plane runs) consuming the provider's topic and producing to
 * the consumer's, read there by a kafkajs consumer — against the same consumer reading the
 * provider's topic directly, in the same run, on one real broker (Kafka from Maven Central, KRaft).
 * Both relay deliveries are measured: exactly-once (one cluster: transactions) and at-least-once.
 * Pull is measured too: the same reader on the provider's topic through a pull flow's credentials
 * (the broker's SASL/OAUTHBEARER listener with ACLs, a token of the data plane, the flow's group).
 *
 * Like with like: both readings run the same reader (one kafkajs consumer, read_committed, 1 MiB
 * per partition and fetch, a group of its own, from the topic's beginning), and the provider's
 * topic is written in requests of 500 messages, as the relay writes the consumer's, so the reader
 * meets record batches of one size in both. Direct: the reader on the provider's topic, which is
 * full. Relayed: the reader on the consumer's topic while the relay, started with the reader,
 * fills it from the provider's. Rates are steady-state, from the first message the reader sees to
 * the last, so group joins and process start-up are left out (reported apart as time to the first
 * message).
 *
 *   node test/bench/suites/dataplane-kafka.ts    # or `npm run bench dataplane-kafka`
 *
 * KAFKA_BOOTSTRAP (with KAFKA_OAUTH_BOOTSTRAP and KAFKA_OAUTH_SIGNING_KEY, as start.ts prints them)
 * names a running broker; without them the suite starts one. TDSS_BENCH_KAFKA_MESSAGES
 * sets the message count (default 200,000 of 256 bytes over 3 partitions), TDSS_BENCH_KAFKA_ROUNDS
 * the rounds (default 3), TDSS_BENCH_KAFKA_RELAY_OPTIONS the relay's options (JSON), and
 * TDSS_BENCH_KAFKA_PROFILE a folder for a CPU profile of every relay process (written when it exits).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import path from 'node:path';
import kafkajs, { type Kafka } from 'kafkajs';
import { createPullTokens, pullClientConfig, pullGroupId, pullPrincipal, type RelayOptions, type RelaySpec } from '@tdss/dataplane-kafka';
import { grantPull } from '../../../plugins/dataplane-kafka/src/pull/pull-acls.ts';
import { pullAddress } from '../../../plugins/dataplane-kafka/src/pull/pull-address.ts';
import { kafkaAddressOf } from '../../../plugins/dataplane-kafka/src/test-support/relay-fixtures.ts';
import { createTopic, kafkaClient } from '../../../plugins/dataplane-kafka/src/test-support/topics.ts';
import { OAUTH_AUDIENCE, OAUTH_ISSUER, type OAuthListener, startKafkaBroker } from '../../support/kafka/kafka-broker.ts';
import type { BenchSuite } from '../run.ts';
import { benchNumber } from './bench-env.ts';
import { cpuMsOf, stopChild } from './child-process.ts';
import { median, round } from './statistics.ts';

const MESSAGES = benchNumber('TDSS_BENCH_KAFKA_MESSAGES', 200_000);
const ROUNDS = benchNumber('TDSS_BENCH_KAFKA_ROUNDS', 3);
const VALUE_BYTES = 256;
const PARTITIONS = 3;
/** The relay's produce request size (RelayOptions.maxRequestMessages), used for the provider's topic too. */
const REQUEST_MESSAGES = 500;
/** A folder for a CPU profile of each relay process (`node --cpu-prof`), to see where its time goes. */
const PROFILE_DIR = process.env.TDSS_BENCH_KAFKA_PROFILE;
/** RelayOptions (JSON) for the relay processes, to compare settings. */
const RELAY_OPTIONS = JSON.parse(process.env.TDSS_BENCH_KAFKA_RELAY_OPTIONS ?? '{}') as RelayOptions;
const TARGET_RATIO = 0.8;
const RELAY_PROCESS = path.join(import.meta.dirname, '../../../plugins/dataplane-kafka/src/test-support/relay-process.ts');

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

const { logLevel } = kafkajs;

export const dataplaneKafka: BenchSuite = {
  name: 'dataplane-kafka',
  description: `Kafka data plane: ${MESSAGES} messages of ${VALUE_BYTES} B relayed end to end (messages/s), against a direct kafkajs consumer of the same topic`,
  async run() {
    const { KAFKA_BOOTSTRAP, KAFKA_OAUTH_BOOTSTRAP, KAFKA_OAUTH_SIGNING_KEY } = process.env;
    const given = KAFKA_BOOTSTRAP && KAFKA_OAUTH_BOOTSTRAP && KAFKA_OAUTH_SIGNING_KEY ? KAFKA_BOOTSTRAP : undefined;
    const broker = given ? undefined : await startKafkaBroker({ heapMb: 1024 });
    const bootstrap = given ?? broker!.bootstrap;
    const oauth: OAuthListener = broker?.oauth ?? { bootstrap: KAFKA_OAUTH_BOOTSTRAP!, audience: OAUTH_AUDIENCE, signingKey: JSON.parse(KAFKA_OAUTH_SIGNING_KEY!) };
    const kafka = kafkaClient(bootstrap);
    const loadBefore = loadavg();
    try {
      const source = await createTopic(bootstrap, 'bench-source', PARTITIONS);
      process.stderr.write(`bench: dataplane-kafka — writing ${MESSAGES} messages to ${source}\n`);
      await fill(kafka, source);

      const direct: Reading[] = [];
      const pulled: Reading[] = [];
      const relayed: Record<Mode, Reading[]> = { 'exactly-once': [], 'at-least-once': [] };
      // Rounds alternate the four, so a slow moment of a shared machine does not hit one alone.
      for (let round = 0; round < ROUNDS; round++) {
        direct.push(await read(kafka, source));
        pulled.push(await pull(bootstrap, oauth, source));
        for (const mode of ['exactly-once', 'at-least-once'] as const) relayed[mode].push(await relay(kafka, bootstrap, source, mode));
      }
      const directRate = median(direct.map((r) => r.rate));
      const summary = (readings: Reading[]) => {
        const rate = median(readings.map((r) => r.rate));
        return {
          messagesPerSecond: round(rate, 0),
          runs: readings.map((r) => round(r.rate, 0)),
          firstMessageMs: round(median(readings.map((r) => r.firstMessageMs))),
          cpuMsPer10kMessages: {
            ...(readings.some((r) => r.relayCpuMs !== undefined) ? { relayProcess: round(median(readings.map((r) => r.relayCpuMs ?? 0))) } : {}),
            reader: round(median(readings.map((r) => r.readerCpuMs))),
          },
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
        loadAverage: { before: loadBefore.map((l) => round(l)), after: loadavg().map((l) => round(l)) },
        pull: { ...summary(pulled), note: 'the same reader through a pull flow\'s credentials: OAUTHBEARER listener, data plane token, ACLs on the topic and the flow\'s group' },
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

async function fill(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const value = Buffer.alloc(VALUE_BYTES, 'v');
    for (let i = 0; i < MESSAGES; i += REQUEST_MESSAGES) {
      const count = Math.min(REQUEST_MESSAGES, MESSAGES - i);
      await producer.send({ topic, acks: -1, messages: Array.from({ length: count }, (_, j) => ({ key: String(i + j), value })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Reads the topic from its beginning until MESSAGES arrived. */
async function read(kafka: Kafka, topic: string, beforeFirst?: () => Promise<void>, groupId = `tdss-bench-reader-${randomUUID()}`): Promise<Reading> {
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 1024 * 1024, readUncommitted: false });
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

/** A new pull flow on the source (its ACLs, set by the provider's client, and a token), read with the pull address as a consumer would. */
async function pull(bootstrap: string, oauth: OAuthListener, source: string): Promise<Reading> {
  const flowId = randomUUID();
  await grantPull(kafkaAddressOf(bootstrap, source), flowId, 1, 'tdss-bench');
  const { token, expiresIn } = await createPullTokens({ key: oauth.signingKey, issuer: OAUTH_ISSUER, ttlSeconds: 300 }).issue(pullPrincipal(flowId, 1), oauth.audience);
  const listener = { bootstrapServers: [oauth.bootstrap], securityProtocol: 'SASL_PLAINTEXT', audience: oauth.audience } as const;
  const { endpoint, config } = pullClientConfig(pullAddress({ listener, topic: source, groupId: pullGroupId(flowId), token, expiresIn }), 'tdss-bench-pull');
  return read(new (kafkajs.Kafka)({ ...config, logLevel: logLevel.NOTHING }), endpoint.topic, undefined, endpoint.groupId);
}

/** A relay process for a new flow from the source to a new topic, measured at the destination. */
async function relay(kafka: Kafka, bootstrap: string, source: string, mode: Mode): Promise<Reading> {
  const destination = await createTopic(bootstrap, `bench-${mode}`, PARTITIONS);
  const spec: RelaySpec = { flowId: `bench-${randomUUID()}`, source: kafkaAddressOf(bootstrap, source), destination: kafkaAddressOf(bootstrap, destination), startFrom: 'earliest' };
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const options: RelayOptions = { maxRequestMessages: REQUEST_MESSAGES, ...RELAY_OPTIONS, exactlyOnce: mode === 'exactly-once' };
  const child = spawn(process.execPath, [...profile, RELAY_PROCESS, JSON.stringify({ spec, options })], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let cpuAtReady = 0;
    const reading = await read(kafka, destination, async () => {
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      if (!line.toString().startsWith('ready')) throw new Error(`bench: the relay process said ${line.toString()}`);
      cpuAtReady = await cpuMsOf(child.pid!);
    });
    return { ...reading, relayCpuMs: ((await cpuMsOf(child.pid!)) - cpuAtReady) * (10_000 / MESSAGES) };
  } finally {
    await stopChild(child);
  }
}

if (import.meta.main) {
  const results = await dataplaneKafka.run();
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), results: { [dataplaneKafka.name]: results } }, null, 2)}\n`);
}
