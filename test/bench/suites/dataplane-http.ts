/**
 * HTTP data plane: a pull through @tdss/dataplane-http (token check, source request, streamed
 * relay) against the same object served directly by a plain node:http server (a child process
 * streaming a file), in the same run:
 *
 * - large: throughput of a TDSS_BENCH_DP_MB (default 1024) MB generated object, median of 3 rounds
 *   each way, the CPU time each process spends per GB (source, data plane, consumer: on a shared
 *   machine the figure noise does not move), and the peak RSS growth of the process running the
 *   data plane while it streams;
 * - small: TDSS_BENCH_DP_SMALL (default 10,000) sequential GETs of a 1 KiB object each way on
 *   keep-alive connections, p50/p99 latency and the p50 the data plane adds.
 *
 * The consumer and the direct server are child processes: the data plane's process does its own
 * work only, and its RSS is its own. The data plane path runs three busy processes where the direct
 * one runs two: on 2 cores the ratio is bounded by the CPU the relay adds (`cpuBoundRatio`, direct
 * CPU per GB over the data plane path's).
 *
 * Targets: ≥ 80% of direct throughput, flat memory, added p50 < 2 ms.
 *
 *   node test/bench/suites/dataplane-http.ts    # or `npm run bench dataplane-http` once run.ts lists the suite
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import dataPlaneHttp from '@tdss/dataplane-http';
import { type GeneratedData, generatedData } from '../../../plugins/dataplane-http/src/test-support/generated-data.ts';
import type { BenchSuite } from '../run.ts';
import { benchNumber } from './bench-env.ts';
import { cpuMsOf } from './child-process.ts';
import { startDataPlaneBench } from './dataplane-bench-runtime.ts';
import { sampleRss } from './rss-sampler.ts';
import { median, percentiles, round } from './statistics.ts';

const LARGE_MB = benchNumber('TDSS_BENCH_DP_MB', 1024);
const SMALL_PULLS = benchNumber('TDSS_BENCH_DP_SMALL', 10_000);
const ROUNDS = 3;
const MB = 1024 * 1024;

/**
 * The consumer: a process of its own, so that its reading shares neither the event loop nor the
 * RSS of the data plane it measures. It answers, for `runs` GETs of `url` on one keep-alive
 * connection, each one's duration (ms) and byte count.
 */
const CLIENT = `
  const { Agent, get } = require('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = (url, token) => new Promise((resolve, reject) => {
    const started = performance.now();
    get(url, { agent, headers: token ? { authorization: 'Bearer ' + token } : {} }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(url + ' answered ' + res.statusCode));
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ ms: performance.now() - started, bytes }));
      res.on('error', reject);
    }).on('error', reject);
  });
  process.on('message', async ({ url, token, runs }) => {
    try {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await once(url, token));
      process.send({ results });
    } catch (error) {
      process.send({ error: String(error) });
    }
  });`;

function startClient() {
  const child = spawn(process.execPath, ['-e', CLIENT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    pid: child.pid!,
    async get(url: string, runs: number, token?: string): Promise<Array<{ ms: number; bytes: number }>> {
      child.send({ url, token, runs });
      const [answer] = (await once(child, 'message')) as [{ results?: Array<{ ms: number; bytes: number }>; error?: string }];
      if (answer.error) throw new Error(answer.error);
      return answer.results!;
    },
    stop: () => void child.kill(),
  };
}

/**
 * The plain node:http server both ways read from, in a process of its own (as a source is):
 * `/large` and `/small` stream files written once for the run.
 */
async function serveObjects(dir: string, large: GeneratedData, small: GeneratedData) {
  const files = { large: join(dir, 'large.bin'), small: join(dir, 'small.bin') };
  await pipeline(large.stream(), createWriteStream(files.large));
  await pipeline(small.stream(), createWriteStream(files.small));
  const script = `
    const { createServer } = require('node:http');
    const { createReadStream, statSync } = require('node:fs');
    const files = ${JSON.stringify(files)};
    const server = createServer((req, res) => {
      const file = req.url.startsWith('/large') ? files.large : files.small;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(statSync(file).size) });
      createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(res);
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [port] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${String(port).trim()}`, pid: child.pid!, close: () => void child.kill() };
}

export const dataplaneHttp: BenchSuite = {
  name: 'dataplane-http',
  description: `pull through @tdss/dataplane-http vs a plain node:http server: ${LARGE_MB} MB throughput and RSS, ${SMALL_PULLS} small pulls p50/p99`,
  async run() {
    const large = generatedData(LARGE_MB * MB);
    const small = generatedData(1024);
    const dataDir = await mkdtemp(join(tmpdir(), 'tdss-bench-dataplane-'));
    const direct = await serveObjects(dataDir, large, small);
    const bench = await startDataPlaneBench('bench-dataplane-http', { plugin: dataPlaneHttp }).catch(async (error: unknown) => {
      direct.close();
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
    try {
      const pullOf = async (asset: string, baseUrl: string) => {
        await bench.offer(asset, { type: 'HttpData', baseUrl });
        const started = await bench.transfer(asset, { transferType: 'HttpData-PULL' }, 'STARTED', 20);
        return { endpoint: started.dataAddress!.endpoint!, token: started.dataAddress!.endpointProperties!.find((p) => p.name === 'authorization')!.value };
      };
      const largePull = await pullOf('large', `${direct.url}/large`);
      const smallPull = await pullOf('small', `${direct.url}/small`);
      const client = startClient();

      /** One pull of the large object: MB/s, and CPU ms per GB of each process. */
      const throughput = async (url: string, token?: string) => {
        const before = { source: await cpuMsOf(direct.pid), client: await cpuMsOf(client.pid), dataPlane: process.cpuUsage() };
        const [result] = await client.get(url, 1, token);
        if (result!.bytes !== large.size) throw new Error(`${url}: ${result!.bytes} bytes, expected ${large.size}`);
        const gb = result!.bytes / 1024 / MB;
        const dataPlane = process.cpuUsage(before.dataPlane);
        return {
          rate: result!.bytes / MB / (result!.ms / 1000),
          source: ((await cpuMsOf(direct.pid)) - before.source) / gb,
          client: ((await cpuMsOf(client.pid)) - before.client) / gb,
          dataPlane: (dataPlane.user + dataPlane.system) / 1000 / gb,
        };
      };
      const directRuns: Array<Awaited<ReturnType<typeof throughput>>> = [];
      const planeRuns: typeof directRuns = [];
      const rss = sampleRss();
      for (let round = 0; round < ROUNDS; round++) {
        directRuns.push(await throughput(`${direct.url}/large`));
        planeRuns.push(await throughput(largePull.endpoint, largePull.token));
      }
      const memory = rss.stop();
      const cpuPerGb = (runs: typeof directRuns, withDataPlane: boolean) => {
        const source = median(runs.map((run) => run.source));
        const client = median(runs.map((run) => run.client));
        const dataPlane = withDataPlane ? median(runs.map((run) => run.dataPlane)) : 0;
        return { source: round(source, 0), ...(withDataPlane ? { dataPlane: round(dataPlane, 0) } : {}), client: round(client, 0), total: round(source + dataPlane + client, 0) };
      };
      const directCpu = cpuPerGb(directRuns, false);
      const planeCpu = cpuPerGb(planeRuns, true);

      const latencies = async (url: string, token?: string) => (await client.get(url, SMALL_PULLS, token)).map((result) => result.ms);
      await latencies(`${direct.url}/small`);
      const directSmall = percentiles(await latencies(`${direct.url}/small`));
      const planeSmall = percentiles(await latencies(smallPull.endpoint, smallPull.token));
      client.stop();

      const directRate = median(directRuns.map((run) => run.rate));
      const planeRate = median(planeRuns.map((run) => run.rate));
      const ratio = planeRate / directRate;
      const addedP50 = planeSmall.p50 - directSmall.p50;
      return {
        large: {
          sizeMb: LARGE_MB,
          directMbPerSecond: round(directRate),
          dataPlaneMbPerSecond: round(planeRate),
          ratio: round(ratio),
          cpuMsPerGb: { direct: directCpu, dataPlanePath: planeCpu },
          cpuBoundRatio: round(directCpu.total / planeCpu.total),
          peakRssGrowthMb: round(memory.growthMb),
          peakRssMb: round(memory.peakMb),
        },
        small: { pulls: SMALL_PULLS, directMs: directSmall, dataPlaneMs: planeSmall, addedP50Ms: round(addedP50) },
        targets: { ratioAtLeast: 0.8, met: ratio >= 0.8, addedP50BelowMs: 2, addedP50Met: addedP50 < 2 },
      };
    } finally {
      await bench.stop();
      direct.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await dataplaneHttp.run(), null, 2)}\n`);
}
