// Runs tck/TckLauncher.java on the real kits, on loopback only: the DCP kit against its own
// embedded services (it needs nothing else) and the DSP kit against nothing at all.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { fetchTck } from './fetch-tck.ts';
import type { FetchedKit } from './fetch-tck.ts';
import { skipUnlessTools } from './tools-available.ts';

const launcher = path.join(import.meta.dirname, 'tck', 'TckLauncher.java');
const noTools = skipUnlessTools('mvn', 'java', 'javac');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runLauncher(kit: FetchedKit, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-cp', kit.classpath, launcher, ...args], { timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A loopback port nothing listens on (the kit binds it for its callbacks, or finds it closed). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function writeConfig(t: Test, settings: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tdss-tck-launcher-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'tck.properties');
  await writeFile(file, Object.entries(settings).map(([key, value]) => `${key}=${value}\n`).join(''));
  return file;
}

async function loopbackSettings(launcherClass: string): Promise<Record<string, string>> {
  const port = await freePort();
  return {
    'dataspacetck.launcher': launcherClass,
    'dataspacetck.host': '127.0.0.1',
    'dataspacetck.port': String(port),
    'dataspacetck.callback.address': `http://127.0.0.1:${port}`,
  };
}

async function dspSettings(): Promise<Record<string, string>> {
  const closed = `http://127.0.0.1:${await freePort()}`;
  return {
    ...(await loopbackSettings('org.eclipse.dataspacetck.dsp.system.DspSystemLauncher')),
    'dataspacetck.dsp.connector.agent.id': 'urn:tdss:absent',
    'dataspacetck.dsp.connector.http.url': `${closed}/protocol/2025-1`,
    'dataspacetck.dsp.connector.http.base.url': `${closed}/protocol`,
    'dataspacetck.dsp.connector.negotiation.initiate.url': `${closed}/tck/negotiations`,
    'dataspacetck.dsp.connector.transfer.initiate.url': `${closed}/tck/transfers`,
    'dataspacetck.dsp.default.wait': '2',
  };
}

t.test('TckLauncher', { skip: noTools }, async (t) => {
  const cacheRoot = await mkdtemp(path.join(os.tmpdir(), 'tdss-tck-cache-'));
  t.teardown(() => rm(cacheRoot, { recursive: true, force: true }));
  const [dsp, dcp] = await Promise.all([fetchTck('dsp', { cacheRoot }), fetchTck('dcp', { cacheRoot })]);

  t.test('a passing run prints the kit summary and a PASS verdict, and exits 0', async (t) => {
    const config = await writeConfig(t, await loopbackSettings('org.eclipse.dataspacetck.dcp.system.DcpSystemLauncher'));
    const run = await runLauncher(dcp, ['-config', config, '-package', 'org.eclipse.dataspacetck.dcp.verification.issuance.cs']);
    t.match(run.stdout, /\] Passed tests: [1-9]\d*\n/);
    t.match(run.stdout, /\] Failed tests: 0\n/);
    t.match(run.stdout, /\nTCK verdict: PASS \(found=\d+ succeeded=[1-9]\d* failed=0 aborted=0 skipped=\d+ containers failed=0\)\n/);
    t.equal(run.status, 0, run.stderr);
  });

  t.test('an absent connector fails each selected test, and only those', async (t) => {
    const config = await writeConfig(t, await dspSettings());
    const run = await runLauncher(dsp, ['-config', config, '-package', 'org.eclipse.dataspacetck.dsp.verification', '-match', 'CAT:.*']);
    t.match(run.stdout, /\] Passed tests: 0\n/);
    t.match(run.stdout, /\] Failed tests: 3\n/);
    t.match(run.stdout, /Failed to connect to \/127\.0\.0\.1:\d+/);
    t.notMatch(run.stdout, /Started: (?!CAT:)/, 'no test outside the CAT group ran');
    t.match(run.stdout, /\nTCK verdict: FAIL \(found=3 succeeded=0 failed=3 /);
    t.equal(run.status, 1);
  });

  t.test('a kit that cannot start fails the verdict although it counts no failed test', async (t) => {
    const settings = await dspSettings();
    delete settings['dataspacetck.dsp.connector.http.url'];
    const config = await writeConfig(t, settings);
    const run = await runLauncher(dsp, ['-config', config, '-package', 'org.eclipse.dataspacetck.dsp.verification.metadata']);
    t.match(run.stdout, /\] Failed tests: 0\n/, 'the kit itself reports no failure');
    t.match(run.stdout, /\nContainer failed: MET_01: .*Required configuration not set: dataspacetck\.dsp\.connector\.http\.url\n/);
    t.match(run.stdout, /\nTCK verdict: FAIL \(found=1 succeeded=0 failed=0 aborted=0 skipped=0 containers failed=1\)\n/);
    t.equal(run.status, 1);
  });

  t.test('a package with no tests is not a pass', async (t) => {
    const config = await writeConfig(t, await dspSettings());
    const run = await runLauncher(dsp, ['-config', config, '-package', 'org.eclipse.dataspacetck.dsp.nosuchpackage']);
    t.match(run.stdout, /\nTCK verdict: FAIL \(found=0 succeeded=0 /);
    t.equal(run.status, 1);
  });

  t.test('a bad command line is a usage error', async (t) => {
    const run = await runLauncher(dsp, ['-config', path.join(cacheRoot, 'absent.properties'), '-package', 'x']);
    t.match(run.stderr, /TckLauncher: configuration file .*absent\.properties does not exist/);
    t.equal(run.status, 2);
    const unknown = await runLauncher(dsp, ['-tests', 'x']);
    t.match(unknown.stderr, /TckLauncher: unknown option -tests/);
    t.equal(unknown.status, 2);
  });
});
