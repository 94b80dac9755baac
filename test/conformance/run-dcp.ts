// Runs the DCP kit's suites against TDSS, one kit run per role TDSS plays:
//
//   node test/conformance/run-dcp.ts [--suite credential-service|verifier|issuer]... [--match <display-name regex>]
//                                    [--strict-keys] [--add-did-relationships]
//
// Fetches the kit (fetch-tck.ts) and launches one TDSS in this process (http on a free loopback
// port, SQLite and secrets-local in a temp dir, @tdss/identity-hub trusting the kit's issuer for
// every type, @tdss/control-plane with it as the DSP identity service). Through the management API
// it creates one participant per role, each with a P-256 key (the kit only checks EC signatures):
//   - `holder` (credential-service suite) with an STS client secret the kit gets tokens with;
//   - `verifier` (verifier suite), a control plane participant context whose DSP catalog endpoint
//     is the kit's trigger: the kit's holder presents there what the kit's issuer gave it;
//   - `issuer` (issuer suite), defining a MembershipCredential every holder of the kit may have.
// Then it runs TckLauncher once per suite, all on the same kit port (so the kit's issuer DID that
// TDSS trusts stays the same), prints the kit's summary of each and one line per suite, and exits
// 0 only when every suite passed. The kit's dataspace sets the identity hub's interop setting
// acceptKeysWithoutRelationships (RC6's DID documents, like EDC's, list no verification relationship);
// --strict-keys runs without it, as a default dataspace is. --add-did-relationships puts dcp-did-relationships-proxy.ts in
// front of the kit (a diagnostic of what fails beyond RC6's DID documents; never a pass). TDSS is always stopped and the temp dir removed; the TDSS log of
// the last run stays in .cache/dcp/last-run.log.

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import controlPlane from '@tdss/control-plane';
import http from '@tdss/http';
import identityHub from '@tdss/identity-hub';
import policyEngine from '@tdss/policy-engine';
import { launch, type TdssHandle } from '@tdss/runtime';
import secretsLocal from '@tdss/secrets-local';
import storeSql from '@tdss/store-sql';
import {
  DCP_SUITES,
  type DcpKitServer,
  type DcpSuite,
  dcpCredentialServiceProperties,
  dcpIssuerProperties,
  dcpVerifierProperties,
  isDcpSuite,
  kitIssuerDid,
} from './dcp-properties.ts';
import { startDidRelationshipsProxy } from './dcp-did-relationships-proxy.ts';
import { toPropertiesText } from './dsp-properties.ts';
import { defaultCacheRoot, fetchTck } from './fetch-tck.ts';
import { freePort, runLauncher } from './run-launcher.ts';

/** The participant context id of each role. */
const PARTICIPANTS: Record<DcpSuite, string> = { 'credential-service': 'holder', verifier: 'verifier', issuer: 'issuer' };

/** Quick issuance retries: the kit waits seconds for a delivered credential. */
const FAST_MACHINE = { pollIntervalMs: 100, retry: { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5, jitter: 0 } };

interface Options {
  suites: DcpSuite[];
  match?: string;
  addDidRelationships: boolean;
  /** The interop setting acceptKeysWithoutRelationships, on unless --strict-keys. */
  acceptKeysWithoutRelationships: boolean;
}

function parseArgs(argv: readonly string[]): Options | undefined {
  const suites: DcpSuite[] = [];
  let match: string | undefined;
  const addDidRelationships = argv.includes('--add-did-relationships');
  const acceptKeysWithoutRelationships = !argv.includes('--strict-keys');
  argv = argv.filter((arg) => arg !== '--add-did-relationships' && arg !== '--strict-keys');
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (value === undefined) return undefined;
    if (argv[i] === '--match') match = value;
    else if (argv[i] === '--suite' && isDcpSuite(value)) suites.push(value);
    else return undefined;
  }
  return {
    suites: suites.length > 0 ? suites : (Object.keys(DCP_SUITES) as DcpSuite[]),
    addDidRelationships,
    acceptKeysWithoutRelationships,
    ...(match === undefined ? {} : { match }),
  };
}

async function startTdss(dataDir: string, keyEnv: string, issuerDid: string, logFile: string, acceptKeysWithoutRelationships: boolean): Promise<TdssHandle> {
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
            // Each kit run makes new keys under the same DIDs, and its status lists change within a run.
            resolverCacheTtlMs: 0,
            statusListCacheTtlMs: 0,
            issuance: FAST_MACHINE,
            dataspaces: [
              { name: 'dcp-tck', trustedIssuers: [{ did: issuerDid, credentialTypes: ['*'] }], requiredCredentialTypes: ['MembershipCredential'], acceptKeysWithoutRelationships },
            ],
          },
        },
        { plugin: policyEngine },
        { plugin: controlPlane },
      ],
    },
    { logDestination: createWriteStream(logFile) },
  );
  await tdss.start();
  return tdss;
}

/** Calls the management API; anything but 2xx stops the run with the problem it answered. */
async function manage(management: string, method: string, apiPath: string, body: unknown): Promise<any> {
  const response = await fetch(`${management}${apiPath}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`run-dcp: ${method} ${apiPath} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A P-256 key pair for the participant, so its DID. */
async function createDid(management: string, participant: string): Promise<string> {
  const key = await manage(management, 'POST', `/v1/participants/${participant}/keypairs`, { algorithm: 'P-256' });
  return String(key.verificationMethodId).split('#')[0]!;
}

/** Sets up the participant playing the suite's role; returns the kit's properties for that run. */
async function prepare(tdss: TdssHandle, suite: DcpSuite, kit: DcpKitServer): Promise<Record<string, string>> {
  const { callbackPort } = kit;
  const management = tdss.url('management');
  const participant = PARTICIPANTS[suite];
  const did = await createDid(management, participant);
  console.log(`run-dcp: ${suite}: participant ${participant}, ${did}`);
  switch (suite) {
    case 'credential-service': {
      const stsClientSecret = randomBytes(24).toString('base64url');
      await manage(management, 'PUT', `/v1/participants/${participant}/sts/client-secret`, { clientSecret: stsClientSecret });
      return dcpCredentialServiceProperties({ ...kit, holderDid: did, stsUrl: `${tdss.url('protocol')}/sts`, stsClientId: participant, stsClientSecret });
    }
    case 'verifier': {
      await manage(management, 'POST', '/v1/participants', { id: participant, participantId: did });
      return dcpVerifierProperties({ ...kit, verifierDid: did, triggerEndpoint: `${tdss.url('protocol')}/${participant}/2025-1/catalog/request` });
    }
    case 'issuer': {
      // The kit requests every vc11-sl2021/jwt credential the metadata lists, as its own holder.
      await manage(management, 'POST', `/v1/participants/${participant}/issuer/credential-definitions`, {
        credentialType: 'MembershipCredential',
        format: 'vc11-sl2021/jwt',
        attestations: [{ type: 'holderAllowList', holders: [{ holder: `did:web:127.0.0.1%3A${callbackPort}:*` }] }],
      });
      return dcpIssuerProperties({ ...kit, issuerDid: did });
    }
  }
}

async function main(options: Options): Promise<number> {
  const kit = await fetchTck('dcp');
  console.log(`run-dcp: dcp kit ${kit.version}${kit.preRelease ? ' (pre-release)' : ''}; suites: ${options.suites.join(', ')}`);
  const lastRun = path.join(defaultCacheRoot, 'dcp');
  await mkdir(lastRun, { recursive: true });
  const logFile = path.join(lastRun, 'last-run.log');
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'tdss-tck-dcp-'));
  const keyEnv = `TDSS_TCK_DCP_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[keyEnv] = randomBytes(32).toString('base64');
  let tdss: TdssHandle | undefined;
  let proxy: { close(): Promise<void> } | undefined;
  const verdicts: string[] = [];
  let failed = false;
  try {
    const callbackPort = await freePort();
    const kitServer: DcpKitServer = { callbackPort };
    if (options.addDidRelationships) {
      kitServer.listenPort = await freePort();
      proxy = await startDidRelationshipsProxy(callbackPort, kitServer.listenPort);
      console.log('run-dcp: DIAGNOSTIC: the kit\'s DID documents get authentication, assertionMethod and capabilityInvocation (not a conformance result)');
    }
    console.log(
      options.acceptKeysWithoutRelationships
        ? 'run-dcp: INTEROP SETTING acceptKeysWithoutRelationships is on: keys of the kit\'s DID documents, which list no verification relationship, count as listed under every one (--strict-keys: off)'
        : 'run-dcp: acceptKeysWithoutRelationships is off (--strict-keys): DCP 1.0\'s relationship check is strict',
    );
    tdss = await startTdss(tempDir, keyEnv, kitIssuerDid(callbackPort), logFile, options.acceptKeysWithoutRelationships);
    console.log(`run-dcp: kit issuer ${kitIssuerDid(callbackPort)}`);
    for (const suite of options.suites) {
      const configFile = path.join(tempDir, `dcp-${suite}.properties`);
      await writeFile(configFile, toPropertiesText(await prepare(tdss, suite, kitServer)));
      console.log(`run-dcp: ${suite}: running ${DCP_SUITES[suite].join(', ')}`);
      let verdict = 'no verdict';
      const code = await runLauncher(kit.classpath, configFile, DCP_SUITES[suite], options.match, (line) => {
        if (line.startsWith('TCK verdict: ')) verdict = line.slice('TCK verdict: '.length);
      });
      failed ||= code !== 0;
      verdicts.push(`run-dcp: ${suite.padEnd(18)} ${verdict}`);
    }
    console.log(verdicts.join('\n'));
    if (options.addDidRelationships) failed = true;
    const conditions = [options.acceptKeysWithoutRelationships ? 'with the interop setting acceptKeysWithoutRelationships' : 'strict keys', ...(options.addDidRelationships ? ['diagnostic run'] : [])];
    console.log(`run-dcp: ${failed ? 'FAIL' : 'PASS'} (${conditions.join(', ')}); TDSS log: ${path.relative(process.cwd(), logFile)}`);
    return failed ? 1 : 0;
  } finally {
    await tdss?.stop().catch((error: unknown) => console.error('run-dcp: stopping TDSS failed:', error));
    await proxy?.close();
    delete process.env[keyEnv];
    await rm(tempDir, { recursive: true, force: true });
  }
}

const options = parseArgs(process.argv.slice(2));
if (!options) {
  console.error('usage: node test/conformance/run-dcp.ts [--suite credential-service|verifier|issuer]... [--match <display-name regex>] [--strict-keys] [--add-did-relationships]');
  process.exit(2);
}
try {
  process.exitCode = await main(options);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
