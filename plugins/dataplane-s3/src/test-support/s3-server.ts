/**
 * Test support: Adobe's S3Mock (an S3-compatible server: buckets, objects, ranged GETs, multipart
 * uploads; it does not check request signatures) on loopback, from its executable jar on Maven
 * Central, downloaded once with `mvn` into the plugin's git-ignored `.cache/` and run with `java`.
 * When it cannot start the caller fails under CI (CI=true) and skips elsewhere.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '@tdss/testing';
import type { Test } from 'tap';

export const S3MOCK_VERSION = '4.11.0';
const CACHE = fileURLToPath(new URL('../../.cache/', import.meta.url));
const JAR = join(CACHE, `s3mock-${S3MOCK_VERSION}-exec.jar`);
/** S3Mock accepts any key pair: these are what the tests store as secrets. */
export const TEST_CREDENTIALS = { accessKeyId: 'tdss-test-access-key', secretAccessKey: 'tdss-test-secret-key' };

export interface S3Server {
  /** http://127.0.0.1:<port> */
  url: string;
  client(): S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

async function jar(): Promise<string> {
  if (existsSync(JAR)) return JAR;
  await mkdir(CACHE, { recursive: true });
  // Into a folder of its own, then renamed: test files that start together do not see half a jar.
  const staging = await mkdtemp(join(CACHE, 'download-'));
  try {
    await promisify(execFile)('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=com.adobe.testing:s3mock:${S3MOCK_VERSION}:jar:exec`, `-DoutputDirectory=${staging}`], { timeout: 300_000 });
    await rename(join(staging, `s3mock-${S3MOCK_VERSION}-exec.jar`), JAR);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return JAR;
}

export function s3Client(url: string): S3Client {
  return new S3Client({ region: 'us-east-1', endpoint: url, forcePathStyle: true, credentials: TEST_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
}

/** Starts S3Mock on free loopback ports with its files in a fresh temp folder; resolves once it answers. */
export async function startS3Mock(): Promise<S3Server> {
  const path = await jar();
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const root = await mkdtemp(join(tmpdir(), 'tdss-s3mock-'));
  const child: ChildProcess = spawn('java', ['-Xmx768m', '-XX:TieredStopAtLevel=1', '-jar', path,
    `--com.adobe.testing.s3mock.httpPort=${httpPort}`, `--server.port=${httpsPort}`, '--server.address=127.0.0.1',
    `--com.adobe.testing.s3mock.store.root=${root}`, '--com.adobe.testing.s3mock.store.retain-files-on-exit=false', '--logging.level.root=WARN'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`S3Mock exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      if ((await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`S3Mock did not answer on ${url} within 120 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const admin = s3Client(url);
  return {
    url,
    client: () => s3Client(url),
    createBucket: async (name) => void (await admin.send(new CreateBucketCommand({ Bucket: name }))),
    stop: async () => {
      admin.destroy();
      await stop();
    },
  };
}

/** S3Mock for the test: stopped at its end; undefined (test skipped) when it cannot start outside CI. */
export async function s3ServerFor(t: Test): Promise<S3Server | undefined> {
  try {
    const server = await startS3Mock();
    t.teardown(() => server.stop());
    return server;
  } catch (error) {
    const message = `S3Mock ${S3MOCK_VERSION} (java and mvn, or its jar in plugins/dataplane-s3/.cache) is needed for this test: ${error instanceof Error ? error.message : String(error)}`;
    if (process.env.CI === 'true') throw new Error(message, { cause: error });
    t.plan(0, message);
    return undefined;
  }
}
