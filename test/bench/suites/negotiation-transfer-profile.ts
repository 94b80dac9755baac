/**
 * `node test/bench/suites/negotiation-transfer-profile.ts [pairs]`: the negotiation-transfer
 * bench's pairs in one runtime, measured in figures that a loaded machine does not distort — CPU
 * per pair, SQL statements and database transactions per pair — and, with CPU_PROFILE=<file>, a
 * V8 CPU profile of the measured pairs only (warm-up left out) to rank where a pair's time goes.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createWatchers, oneRuntimeTopology, pairOf, provision } from './negotiation-transfer.ts';
import { inFlight } from './in-flight.ts';
import { createSqlCostMeter } from './sql-cost-meter.ts';
import { percentiles, round } from './statistics.ts';

const pairs = Number(process.argv[2] ?? 300);
const IN_FLIGHT = 32;
const WARMUP = 64;

const topology = await oneRuntimeTopology();
const meterPool = new pg.Pool({ connectionString: topology.consumerDatabaseUrl, max: 1 });
const meter = createSqlCostMeter(meterPool);
try {
  const offer = await provision(topology);
  const watchers = createWatchers(topology);
  const pair = pairOf(topology, offer, watchers.consumer, watchers.provider);
  try {
    await inFlight(WARMUP, IN_FLIGHT, pair);
    const transactionsBefore = await watchers.transactions();
    const ownBefore = watchers.queries();
    const session = process.env.CPU_PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    await meter.start();
    const measured = await inFlight(pairs, IN_FLIGHT, pair);
    const sql = await meter.stop();
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(process.env.CPU_PROFILE!, JSON.stringify(profile));
      session.disconnect();
    }
    const ownAfter = watchers.queries();
    const transactions = (await watchers.transactions()) - transactionsBefore;
    process.stdout.write(
      `${JSON.stringify({
        pairs,
        pairsPerSecond: round(pairs / measured.seconds),
        pairMs: percentiles(measured.results.map((r) => r.pairMs)),
        cpuMsPerPair: round(measured.cpuMs / pairs),
        statementsPerPair: round((sql.statements - (ownAfter - ownBefore)) / pairs),
        transactionsPerPair: round(transactions / pairs),
        backendCpuMsPerPair: sql.backendCpuMs === null ? null : round(sql.backendCpuMs / pairs),
        loadAverage: loadavg().map(round),
      })}\n`,
    );
  } finally {
    await watchers.stop();
  }
} finally {
  meter.close();
  await meterPool.end();
  await topology.close();
}
