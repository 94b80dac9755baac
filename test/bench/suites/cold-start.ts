/**
 * Cold start of the all-in-one profile: from process spawn to the first 200 on /health/ready,
 * with a fresh data folder each run (so migrations and key generation are included), and the
 * resident memory at that moment. Baseline: a bare node:http server that answers 200, spawned the
 * same way, which is the floor any Node runtime pays.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForStatus } from '@tdss/testing';
import type { BenchSuite } from '../run.ts';
import { rssMiBOf } from './child-process.ts';
import { median, round } from './statistics.ts';

const RUNS = 5;
const CLI = fileURLToPath(new URL('../../../runtime/dist/cli/main.js', import.meta.url));
const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

export const coldStart: BenchSuite = {
  name: 'cold-start',
  description: `all-in-one profile, spawn to first 200 on /health/ready, median of ${RUNS} runs`,
  async run() {
    const tdss: Sample[] = [];
    const bare: Sample[] = [];
    // One unmeasured start fills Node's compile cache, as any second start of a deployment would.
    await measure('tdss');
    for (let i = 0; i < RUNS; i++) {
      bare.push(await measure('bare'));
      tdss.push(await measure('tdss'));
    }
    const tdssMs = median(tdss.map((s) => s.ms));
    const bareMs = median(bare.map((s) => s.ms));
    return {
      runs: RUNS,
      coldStartMs: { median: round(tdssMs), min: round(Math.min(...tdss.map((s) => s.ms))), max: round(Math.max(...tdss.map((s) => s.ms))) },
      rssMiBWhenReady: { median: round(median(tdss.map((s) => s.rssMiB))) },
      baseline: { name: 'bare node:http server', coldStartMs: round(bareMs), rssMiB: round(median(bare.map((s) => s.rssMiB))) },
      ratioToBaseline: round(tdssMs / bareMs),
      target: { coldStartMsMax: 1000, met: tdssMs <= 1000 },
    };
  },
};

interface Sample {
  ms: number;
  rssMiB: number;
}

async function measure(kind: 'tdss' | 'bare'): Promise<Sample> {
  const home = await mkdtemp(join(tmpdir(), 'tdss-bench-'));
  const port = await freePort();
  const env = { ...process.env, TDSS_PORT: String(port), PORT: String(port), TDSS_DATA_DIR: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), TDSS_LOG_LEVEL: 'warn' };
  const args = kind === 'tdss' ? [CLI, 'start'] : ['-e', BARE];
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const path = kind === 'tdss' ? '/health/ready' : '/';
    // A 2 ms poll keeps the measurement's own granularity small against a ~0.5 s start.
    await waitForStatus(`http://127.0.0.1:${port}${path}`, { intervalMs: 2, alive: () => child.exitCode === null });
    const ms = performance.now() - started;
    return { ms, rssMiB: await rssMiBOf(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(home, { recursive: true, force: true });
  }
}
