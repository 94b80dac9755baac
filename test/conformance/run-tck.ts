// Runs a conformance kit against TDSS:
//
//   node test/conformance/run-tck.ts dsp [--match <display-name regex>] [--wait <seconds>]
//
// Fetches the kit (fetch-tck.ts), launches TDSS in this process from an inline profile (http on a
// free loopback port, SQLite in a temp dir, control plane, policy engine, identity-dev with a
// static token for the kit, @tdss/tck-harness), writes the kit's properties, runs TckLauncher,
// and exits with its code: 0 only on PASS. TDSS is always stopped and the temp dir removed; the
// TDSS log of the last run stays in .cache/<kit>/last-run.log for reading failures.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import controlPlane from '@tdss/control-plane';
import http from '@tdss/http';
import identityDev from '@tdss/identity-dev';
import policyEngine from '@tdss/policy-engine';
import { launch, type TdssHandle } from '@tdss/runtime';
import storeSql from '@tdss/store-sql';
import tckHarness, { HOOK_PATHS, TCK_TRANSFER_TYPE } from '@tdss/tck-harness';
import { dspProperties, toPropertiesText } from './dsp-properties.ts';
import { defaultCacheRoot, fetchTck } from './fetch-tck.ts';
import { freePort, runLauncher } from './run-launcher.ts';

const PARTICIPANT_CONTEXT = 'tck';
const PARTICIPANT_ID = 'urn:tdss:tck-cut';
const KIT_PARTICIPANT = 'TCK_PARTICIPANT';
const READY_TIMEOUT_MS = 60_000;

/** Short polls and back-off: the kit waits seconds for each step, not minutes. */
const FAST_MACHINE = { pollIntervalMs: 100, retry: { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5, jitter: 0 } };

interface Options {
  match?: string;
  waitSeconds: number;
}

function parseArgs(argv: readonly string[]): Options | undefined {
  const [kit, ...rest] = argv;
  if (kit !== 'dsp') return undefined;
  const options: Options = { waitSeconds: 10 };
  for (let i = 0; i < rest.length; i += 2) {
    const value = rest[i + 1];
    if (value === undefined) return undefined;
    if (rest[i] === '--match') options.match = value;
    else if (rest[i] === '--wait' && /^\d+$/.test(value)) options.waitSeconds = Number(value);
    else return undefined;
  }
  return options;
}

async function startTdss(dataDir: string, authorization: string, logFile: string): Promise<TdssHandle> {
  const tdss = await launch(
    {
      runtime: { name: 'tdss-tck', dataDir, logLevel: 'debug' },
      plugins: [
        { plugin: http, settings: { host: '127.0.0.1', port: 0 } },
        { plugin: storeSql, settings: { dialect: 'sqlite', file: path.join(dataDir, 'tdss.sqlite') } },
        { plugin: identityDev, settings: { secret: randomBytes(32).toString('hex'), staticTokens: { [authorization]: KIT_PARTICIPANT } } },
        { plugin: policyEngine },
        {
          plugin: controlPlane,
          settings: {
            catalog: { transferFormats: [TCK_TRANSFER_TYPE] },
            contractNegotiation: { requestTimeoutMs: 5_000, machine: FAST_MACHINE },
            transferProcess: { requestTimeoutMs: 5_000, stateMachine: FAST_MACHINE },
          },
        },
        { plugin: tckHarness, settings: { participantContextId: PARTICIPANT_CONTEXT, participantId: PARTICIPANT_ID, counterpartyId: KIT_PARTICIPANT } },
      ],
    },
    { logDestination: createWriteStream(logFile) },
  );
  await tdss.start();
  return tdss;
}

async function waitUntilSeeded(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run-tck: TDSS did not seed the kit data within ${READY_TIMEOUT_MS} ms (${url}); see the TDSS log`);
}

async function main(options: Options): Promise<number> {
  const kit = await fetchTck('dsp');
  console.log(`run-tck: dsp kit ${kit.version}${kit.preRelease ? ' (pre-release)' : ''}`);
  const lastRun = path.join(defaultCacheRoot, 'dsp');
  await mkdir(lastRun, { recursive: true });
  const logFile = path.join(lastRun, 'last-run.log');
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'tdss-tck-'));
  let tdss: TdssHandle | undefined;
  try {
    // A fresh value per run: the kit sends it verbatim, identity-dev maps it to the kit's id.
    const authorization = `Bearer tck-${randomBytes(16).toString('hex')}`;
    tdss = await startTdss(tempDir, authorization, logFile);
    const management = tdss.url('management');
    const participantBase = `${tdss.url('protocol')}/${PARTICIPANT_CONTEXT}`;
    await waitUntilSeeded(`${management}${HOOK_PATHS.ready}`);
    const configFile = path.join(tempDir, 'dsp.properties');
    const properties = dspProperties({
      callbackPort: await freePort(),
      dspUrl: `${participantBase}/2025-1`,
      baseUrl: participantBase,
      negotiationHook: `${management}${HOOK_PATHS.negotiation}`,
      transferHook: `${management}${HOOK_PATHS.transfer}`,
      authorization,
      participantId: PARTICIPANT_ID,
      waitSeconds: options.waitSeconds,
    });
    await writeFile(configFile, toPropertiesText(properties));
    const code = await runLauncher(kit.classpath, configFile, ['org.eclipse.dataspacetck.dsp.verification'], options.match);
    console.log(`run-tck: TckLauncher exited ${code} (${code === 0 ? 'PASS' : 'FAIL'}); TDSS log: ${path.relative(process.cwd(), logFile)}`);
    return code;
  } finally {
    await tdss?.stop().catch((error: unknown) => console.error('run-tck: stopping TDSS failed:', error));
    await rm(tempDir, { recursive: true, force: true });
  }
}

const options = parseArgs(process.argv.slice(2));
if (!options) {
  console.error('usage: node test/conformance/run-tck.ts dsp [--match <display-name regex>] [--wait <seconds>]');
  process.exit(2);
}
try {
  process.exitCode = await main(options);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
