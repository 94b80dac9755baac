// Runs the DCP kit's credential service suites (presentation.cs, issuance.cs) against the TDSS
// identity hub:
//
//   node test/conformance/run-dcp.ts [--match <display-name regex>]
//
// Fetches the kit (fetch-tck.ts), launches TDSS in this process (http on a free loopback port,
// SQLite and secrets-local in a temp dir, @tdss/identity-hub trusting the kit's issuer for every
// type), creates the holder participant with a P-256 key (the kit only checks EC signatures) and
// an STS client secret through the identity API, writes the kit's properties, runs TckLauncher and
// exits with its code: 0 only on PASS. TDSS is always stopped and the temp dir removed; the TDSS
// log of the last run stays in .cache/dcp/last-run.log.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from '@tdss/http';
import identityHub from '@tdss/identity-hub';
import { launch, type TdssHandle } from '@tdss/runtime';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import { DCP_CREDENTIAL_SERVICE_PACKAGES, dcpCredentialServiceProperties, kitIssuerDid } from './dcp-properties.ts';
import { toPropertiesText } from './dsp-properties.ts';
import { defaultCacheRoot, fetchTck } from './fetch-tck.ts';
import { freePort, runLauncher } from './run-launcher.ts';

const HOLDER = 'holder';

function parseArgs(argv: readonly string[]): { match?: string } | undefined {
  if (argv.length === 0) return {};
  if (argv.length === 2 && argv[0] === '--match') return { match: argv[1]! };
  return undefined;
}

async function startTdss(dataDir: string, keyEnv: string, issuerDid: string, logFile: string): Promise<TdssHandle> {
  const tdss = await launch(
    {
      runtime: { name: 'tdss-tck-dcp', dataDir, logLevel: 'debug' },
      plugins: [
        { plugin: http, settings: { host: '127.0.0.1', port: 0 } },
        { plugin: storeSql, settings: { dialect: 'sqlite', file: path.join(dataDir, 'tdss.sqlite') } },
        { plugin: secretsLocal, settings: { keyEnv } },
        {
          plugin: identityHub,
          settings: {
            didWebHttpLoopback: true,
            dcpHttpLoopback: true,
            dataspaces: [{ name: 'dcp-tck', trustedIssuers: [{ did: issuerDid, credentialTypes: ['*'] }] }],
          },
        },
      ],
    },
    { logDestination: createWriteStream(logFile) },
  );
  await tdss.start();
  return tdss;
}

/** Calls the identity API; anything but 2xx stops the run with the problem it answered. */
async function manage(management: string, method: string, apiPath: string, body: unknown): Promise<any> {
  const response = await fetch(`${management}${apiPath}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`run-dcp: ${method} ${apiPath} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function main(match: string | undefined): Promise<number> {
  const kit = await fetchTck('dcp');
  console.log(`run-dcp: dcp kit ${kit.version}${kit.preRelease ? ' (pre-release)' : ''}`);
  const lastRun = path.join(defaultCacheRoot, 'dcp');
  await mkdir(lastRun, { recursive: true });
  const logFile = path.join(lastRun, 'last-run.log');
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'tdss-tck-dcp-'));
  const keyEnv = `TDSS_TCK_DCP_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[keyEnv] = randomBytes(32).toString('base64');
  let tdss: TdssHandle | undefined;
  try {
    const callbackPort = await freePort();
    tdss = await startTdss(tempDir, keyEnv, kitIssuerDid(callbackPort), logFile);
    const management = tdss.url('management');
    const key = await manage(management, 'POST', `/v1/participants/${HOLDER}/keypairs`, { algorithm: 'P-256' });
    const holderDid = String(key.verificationMethodId).split('#')[0]!;
    const stsClientSecret = randomBytes(24).toString('base64url');
    await manage(management, 'PUT', `/v1/participants/${HOLDER}/sts/client-secret`, { clientSecret: stsClientSecret });
    const configFile = path.join(tempDir, 'dcp.properties');
    const properties = dcpCredentialServiceProperties({
      callbackPort,
      holderDid,
      stsUrl: `${tdss.url('protocol')}/sts`,
      stsClientId: HOLDER,
      stsClientSecret,
    });
    await writeFile(configFile, toPropertiesText(properties));
    console.log(`run-dcp: holder ${holderDid}, kit issuer ${kitIssuerDid(callbackPort)}`);
    const code = await runLauncher(kit.classpath, configFile, DCP_CREDENTIAL_SERVICE_PACKAGES, match);
    console.log(`run-dcp: TckLauncher exited ${code} (${code === 0 ? 'PASS' : 'FAIL'}); TDSS log: ${path.relative(process.cwd(), logFile)}`);
    return code;
  } finally {
    await tdss?.stop().catch((error: unknown) => console.error('run-dcp: stopping TDSS failed:', error));
    delete process.env[keyEnv];
    await rm(tempDir, { recursive: true, force: true });
  }
}

const options = parseArgs(process.argv.slice(2));
if (!options) {
  console.error('usage: node test/conformance/run-dcp.ts [--match <display-name regex>]');
  process.exit(2);
}
try {
  process.exitCode = await main(options.match);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
