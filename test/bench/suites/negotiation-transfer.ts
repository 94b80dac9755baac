/**
 * Full contract negotiation and transfer on PostgreSQL: a consumer participant context requests
 * the provider's offer (request → agreement → verification → finalization, FINALIZED on the
 * consumer), then a pull transfer under the agreement until the consumer's process is STARTED.
 * The provider has one asset, an open policy and a contract definition; the data plane is the
 * bench's own instant controller. Both sides run with the control plane's default settings and
 * are driven through the services in process (`ContractNegotiations.request`,
 * `TransferProcesses.request`); every DSP message goes over loopback HTTP with a development token.
 *
 * Two topologies, each on fresh databases: one runtime holding both participant contexts, and two
 * runtimes (the provider's in a child process with its own database, as another deployment).
 * Measured: pairs per second with IN_FLIGHT pairs at a time, p50/p99 of a pair (until both sides
 * are STARTED; the negotiation part until both are FINALIZED, since the provider records its
 * agreement only then), the CPU time a pair costs each runtime process, and the database
 * transactions it takes (pg_stat_database, less the bench's own polling).
 *
 * Baseline, in the same run and topology: a pair exchanges six DSP messages (four for the
 * negotiation, two for the transfer). The baseline sends six authenticated DSP round trips in
 * sequence per "pair" — a token issued, an HTTP request, the token verified, the participant
 * looked up and one tenant-scoped row read (`GET /negotiations/{pid}` at the provider) — with the
 * same concurrency. That is the messaging floor a pair cannot beat; the ratio is what the state
 * machines, their writes, policy checks and agreements cost on top of it.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ContractNegotiations, TransferProcesses } from '@tdss/control-plane';
import type { MessageOffer } from '@tdss/json-ld';
import type { Runtime } from '@tdss/kernel';
import { DspIdentityService, HttpServer } from '@tdss/sdk';
import pg from 'pg';
import type { BenchSuite } from '../run.ts';
import { type BenchDatabase, createBenchDatabase } from './bench-database.ts';
import type { BenchRuntime } from './bench-runtime.ts';
import { cpuMsOf, firstMessage, spawnWithIpc, stopChild } from './child-process.ts';
import { createRowWatcher } from './row-watcher.ts';
import { inFlight } from './in-flight.ts';
import { median, percentiles, round } from './statistics.ts';
import { startNegotiationRuntime, TRANSFER_TYPE } from './negotiation-transfer-runtime.ts';

const PAIRS = 300;
const IN_FLIGHT = 32;
const WARMUP = 64;
const DSP_MESSAGES_PER_PAIR = 6;
const POLL_MS = 5;
const PAIR_TIMEOUT_MS = 60_000;
const TARGET_PAIRS_PER_SECOND = 200;

const CONSUMER = 'consumer';
const PROVIDER = 'provider';
const CONSUMER_ID = 'did:web:consumer.example';
const PROVIDER_ID = 'did:web:provider.example';
const ASSET = 'bench-asset';
const PROVIDER_CHILD = fileURLToPath(new URL('./negotiation-transfer-provider.ts', import.meta.url));

export const negotiationTransfer: BenchSuite = {
  name: 'negotiation-transfer',
  description: `${PAIRS} negotiation→FINALIZED + transfer→STARTED pairs, ${IN_FLIGHT} in flight, on PostgreSQL, one runtime and two runtimes, against bare DSP round trips`,
  async run() {
    const oneRuntime = await measure(await oneRuntimeTopology());
    const twoRuntimes = await measure(await twoRuntimeTopology());
    return {
      pairs: PAIRS,
      inFlight: IN_FLIGHT,
      warmupPairs: WARMUP,
      settings: 'control plane defaults; a pair ends when both sides are STARTED (its negotiation when both are FINALIZED), observed by polling each database every 5 ms with one query per table for all pairs in flight',
      oneRuntime,
      twoRuntimes,
      target: { pairsPerSecondMinOneRuntime: TARGET_PAIRS_PER_SECOND, met: oneRuntime.pairsPerSecond >= TARGET_PAIRS_PER_SECOND },
    };
  },
};

/** Where the two participant contexts live, and how to take it all down. */
export interface Topology {
  name: string;
  consumer: Runtime;
  consumerDatabaseUrl: string;
  providerDatabaseUrl: string;
  consumerManagement: string;
  providerManagement: string;
  providerDspBase: string;
  /** The provider's own process, when it runs in one. */
  providerProcess?: number;
  close(): Promise<void>;
}

export async function oneRuntimeTopology(): Promise<Topology> {
  const database = await createBenchDatabase();
  const secret = randomBytes(32).toString('hex');
  const shared = await startNegotiationRuntime('bench-one-runtime', database.url, secret).catch(dropping(database));
  const server = shared.runtime.get(HttpServer);
  return {
    name: 'one runtime, both participant contexts',
    consumer: shared.runtime,
    consumerDatabaseUrl: database.url,
    providerDatabaseUrl: database.url,
    consumerManagement: server.url('management'),
    providerManagement: server.url('management'),
    providerDspBase: `${server.url('protocol')}/${PROVIDER}/2025-1`,
    close: closing([shared.stop, database.drop]),
  };
}

async function twoRuntimeTopology(): Promise<Topology> {
  const consumerDb = await createBenchDatabase();
  const providerDb = await createBenchDatabase();
  const secret = randomBytes(32).toString('hex');
  let consumer: BenchRuntime | undefined;
  let child: ChildProcess | undefined;
  const close = closing([async () => consumer?.stop(), async () => child && stopChild(child), consumerDb.drop, providerDb.drop]);
  try {
    consumer = await startNegotiationRuntime('bench-consumer', consumerDb.url, secret);
    child = spawnWithIpc(PROVIDER_CHILD, { BENCH_DATABASE_URL: providerDb.url, BENCH_DEV_SECRET: secret });
    const urls = await firstMessage<{ management: string; protocol: string }>(child, "the provider's child process");
    return {
      name: 'two runtimes over loopback HTTP, the provider in a child process, each with its own database',
      consumer: consumer.runtime,
      consumerDatabaseUrl: consumerDb.url,
      providerDatabaseUrl: providerDb.url,
      consumerManagement: consumer.runtime.get(HttpServer).url('management'),
      providerManagement: urls.management,
      providerDspBase: `${urls.protocol}/${PROVIDER}/2025-1`,
      providerProcess: child.pid!,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function measure(topology: Topology) {
  try {
    process.stderr.write(`bench: negotiation-transfer — ${topology.name}\n`);
    const offer = await provision(topology);
    const watchers = createWatchers(topology);
    const pair = pairOf(topology, offer, watchers.consumer, watchers.provider);
    try {
      const warmup = await inFlight(WARMUP, IN_FLIGHT, pair);
      const providerPid = warmup.results[0]!.providerPid;
      const dsp = dspRoundTrip(topology, providerPid);
      const baseline = await inFlight(PAIRS, IN_FLIGHT, async () => {
        const started = performance.now();
        for (let i = 0; i < DSP_MESSAGES_PER_PAIR; i++) await dsp();
        return performance.now() - started;
      });
      const transactionsBefore = await watchers.transactions();
      const providerCpuBefore = topology.providerProcess && (await cpuMsOf(topology.providerProcess));
      const measured = await inFlight(PAIRS, IN_FLIGHT, pair);
      const providerCpuMs = topology.providerProcess && (await cpuMsOf(topology.providerProcess)) - providerCpuBefore!;
      const transactions = (await watchers.transactions()) - transactionsBefore;
      const pairsPerSecond = PAIRS / measured.seconds;
      const baselinePerSecond = PAIRS / baseline.seconds;
      return {
        topology: topology.name,
        pairsPerSecond: round(pairsPerSecond),
        pairMs: percentiles(measured.results.map((r) => r.pairMs)),
        negotiationMs: percentiles(measured.results.map((r) => r.negotiationMs)),
        transferMs: percentiles(measured.results.map((r) => r.transferMs)),
        cpuMsPerPair: { thisProcess: round(measured.cpuMs / PAIRS), ...(providerCpuMs ? { providerProcess: round(providerCpuMs / PAIRS) } : {}) },
        databaseTransactionsPerPair: round(transactions / PAIRS),
        baseline: {
          name: `${DSP_MESSAGES_PER_PAIR} authenticated DSP round trips in sequence (token issued, GET /negotiations/{pid} at the provider, token verified, one row read)`,
          perSecond: round(baselinePerSecond),
          ms: percentiles(baseline.results),
          cpuMsInThisProcess: round(baseline.cpuMs / PAIRS),
        },
        ratioToBaseline: { throughput: round(baselinePerSecond / pairsPerSecond), p50: round(median(measured.results.map((r) => r.pairMs)) / median(baseline.results)) },
      };
    } finally {
      await watchers.stop();
    }
  } finally {
    await topology.close();
  }
}

/** One pair: a negotiation until both sides are FINALIZED, then a transfer under its agreement until both are STARTED. */
export function pairOf(topology: Topology, offer: MessageOffer, consumerRows: StateWatcher, providerRows: StateWatcher): () => Promise<PairTimes> {
  const negotiations = topology.consumer.get(ContractNegotiations);
  const transfers = topology.consumer.get(TransferProcesses);
  return async () => {
    const started = performance.now();
    const negotiation = await negotiations.request(CONSUMER, { counterpartyAddress: topology.providerDspBase, counterpartyId: PROVIDER_ID, offer });
    const finalized = await consumerRows.until('negotiation', negotiation.id, 'FINALIZED');
    // The provider records its agreement after the consumer acknowledged FINALIZED; a transfer
    // requested before that is refused (404, no agreement), so a pair waits for both sides.
    await providerRows.until('negotiation', finalized.counterparty_pid!, 'FINALIZED');
    const agreed = performance.now();
    const transfer = await transfers.request(CONSUMER, { counterpartyAddress: topology.providerDspBase, agreementId: finalized.agreement_id!, transferType: TRANSFER_TYPE });
    const consumerStarted = await consumerRows.until('transfer', transfer.id, 'STARTED');
    await providerRows.until('transfer', consumerStarted.counterparty_pid!, 'STARTED');
    const done = performance.now();
    return { pairMs: done - started, negotiationMs: agreed - started, transferMs: done - agreed, providerPid: finalized.counterparty_pid! };
  };
}

/** The provider's offer and both participant contexts, through the management APIs; resolves to the offer as the consumer's catalog request shows it. */
export async function provision(topology: Topology): Promise<MessageOffer> {
  await post(`${topology.consumerManagement}/v1/participants`, { id: CONSUMER, participantId: CONSUMER_ID });
  await post(`${topology.providerManagement}/v1/participants`, { id: PROVIDER, participantId: PROVIDER_ID });
  const provider = `${topology.providerManagement}/v1/participants/${PROVIDER}`;
  await post(`${provider}/policydefinitions`, { '@id': 'open', policy: { permission: [{ action: 'use' }] } });
  await post(`${provider}/assets`, { '@id': ASSET, properties: { name: 'Bench asset' }, dataAddress: { type: 'HttpData', baseUrl: 'https://data.example/bench' } });
  await post(`${provider}/contractdefinitions`, { '@id': 'open-to-all', accessPolicyId: 'open', contractPolicyId: 'open' });
  const catalog = (await post(`${topology.consumerManagement}/v1/participants/${CONSUMER}/catalog/request`, { counterpartyAddress: topology.providerDspBase, counterpartyId: PROVIDER_ID }, 200)) as {
    dataset?: Array<{ '@id': string; hasPolicy: Array<Record<string, unknown>> }>;
  };
  const dataset = catalog.dataset?.find((d) => d['@id'] === ASSET);
  const offer = dataset?.hasPolicy[0];
  if (!offer) throw new Error(`bench: the provider's catalog offers no ${ASSET}: ${JSON.stringify(catalog)}`);
  return { ...offer, target: ASSET, assigner: PROVIDER_ID } as unknown as MessageOffer;
}

/** One authenticated DSP request of the consumer to the provider, as the DSP client sends it. */
function dspRoundTrip(topology: Topology, providerPid: string): () => Promise<void> {
  const identity = topology.consumer.get(DspIdentityService);
  const url = `${topology.providerDspBase}/negotiations/${encodeURIComponent(providerPid)}`;
  return async () => {
    const authorization = await identity.authorize({ participantContextId: CONSUMER, participantId: CONSUMER_ID, counterpartyId: PROVIDER_ID, counterpartyAddress: topology.providerDspBase });
    const response = await fetch(url, { headers: { authorization } });
    if (response.status !== 200) throw new Error(`bench: DSP GET ${url} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
}

export interface PairTimes {
  pairMs: number;
  negotiationMs: number;
  transferMs: number;
  providerPid: string;
}

interface WatchedRow {
  id: string;
  state: string;
  error_detail: string | null;
  /** The counterparty's pid: `correlation_id` of a negotiation, `correlation_pid` of a transfer. */
  counterparty_pid: string | null;
  agreement_id: string | null;
}

const WATCHED = {
  negotiation: 'select id, state, error_detail, correlation_id as counterparty_pid, agreement_id from cp_contract_negotiation where id = any($1)',
  transfer: 'select id, state, error_detail, correlation_pid as counterparty_pid, agreement_id from cp_transfer_process where id = any($1)',
} as const;

type Watched = keyof typeof WATCHED;

export type StateWatcher = ReturnType<typeof createStateWatcher>;

/** The negotiations and transfers of one participant's database, as they reach a state. */
function createStateWatcher(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const rows = createRowWatcher<Watched, WatchedRow>(pool, {
    queries: WATCHED,
    failure: (row) => (row.state === 'TERMINATED' ? `was TERMINATED: ${row.error_detail}` : undefined),
    timeoutMs: PAIR_TIMEOUT_MS,
    pollMs: POLL_MS,
  });
  let ownQueries = 0;
  return {
    until: rows.until,
    queries: () => ownQueries + rows.queries(),
    /** Transactions the database committed or rolled back so far, and how many of them were the watcher's own queries. */
    async transactions(): Promise<{ all: number; own: number }> {
      ownQueries++;
      const { rows: counts } = await pool.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
      return { all: Number(counts[0]!.n), own: ownQueries + rows.queries() };
    },
    async stop() {
      await rows.stop();
      await pool.end();
    },
  };
}

/**
 * One state watcher per database: in one runtime both participants' rows are polled by the same
 * queries, so the bench's polling costs the runtime's process and database no more than it must.
 */
export function createWatchers(topology: Topology) {
  const consumer = createStateWatcher(topology.consumerDatabaseUrl);
  const provider = topology.providerDatabaseUrl === topology.consumerDatabaseUrl ? consumer : createStateWatcher(topology.providerDatabaseUrl);
  const all = provider === consumer ? [consumer] : [consumer, provider];
  return {
    consumer,
    provider,
    /**
     * Transactions of the participants' databases, less the watchers' own. Backends report their
     * counts when idle, at most once a second, so this waits for that first.
     */
    async transactions(): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const counts = await Promise.all(all.map((watcher) => watcher.transactions()));
      return counts.reduce((sum, count) => sum + count.all - count.own, 0);
    },
    /** Queries the watchers sent so far. */
    queries: () => all.reduce((sum, watcher) => sum + watcher.queries(), 0),
    async stop() {
      for (const watcher of all) await watcher.stop();
    },
  };
}

async function post(url: string, body: object, status = 201): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== status) throw new Error(`bench: POST ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Runs every step, even after one failed, and then throws the first failure. */
function closing(steps: Array<() => Promise<unknown>>): () => Promise<void> {
  return async () => {
    const outcomes = [];
    for (const step of steps) outcomes.push(await step().then(() => undefined, (error: unknown) => error ?? new Error('bench: a clean-up step failed')));
    const failure = outcomes.find((outcome) => outcome !== undefined);
    if (failure) throw failure;
  };
}

function dropping(database: BenchDatabase) {
  return async (error: unknown): Promise<never> => {
    await database.drop();
    throw error;
  };
}
