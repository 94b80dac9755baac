/**
 * fabric8's KubernetesMockServer (CRUD mode) on loopback, for tests: the nearest thing to an API
 * server that runs without a cluster. Maven fetches its jars once into the plugin's git-ignored
 * .cache, where javac also compiles KubernetesMockLauncher.java once per version of its source (a
 * compiled launcher starts in about 2 s, from source in about 5). Without a JDK or Maven the test
 * is skipped, but fails under CI=true, so a CI machine without them cannot pass unnoticed.
 */
import { type ChildProcessWithoutNullStreams, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { Test } from 'tap';

const run = promisify(execFile);
const cacheDir = path.join(import.meta.dirname, '..', '..', '.cache', 'kubernetes-mock');
const libDir = path.join(cacheDir, 'lib');
const stampFile = path.join(cacheDir, 'jars.json');
const pom = path.join(import.meta.dirname, 'pom.xml');
const launcher = path.join(import.meta.dirname, 'KubernetesMockLauncher.java');

export interface KubernetesMock {
  /** https://localhost:<port> */
  readonly url: string;
  /** The PEM file of the server's self-signed certificate, to trust it as a CA. */
  readonly caFile: string;
  /**
   * The next `times` (1) requests `METHOD path` get `status` and `body` (a Kubernetes Status of that
   * code when absent) instead of the CRUD store's answer.
   */
  respond(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', requestPath: string, status: number, options?: { times?: number; body?: object }): Promise<void>;
}

/**
 * Starts one mock server for the test (and its subtests), stopped in its teardown. Resolves to
 * undefined when the test was skipped for want of Java or Maven; the caller must return then.
 */
export async function startKubernetesMock(t: Test): Promise<KubernetesMock | undefined> {
  const missing = ['java', 'javac', 'mvn'].find((command) => {
    const probe = spawnSync(command, ['-version'], { stdio: 'ignore' });
    return probe.error !== undefined || probe.status !== 0;
  });
  if (missing !== undefined) {
    const reason = `${missing} is not installed: the Kubernetes tests run fabric8's mock API server, which needs a Java 17 JDK and Maven`;
    if (process.env.CI === 'true') throw new Error(reason);
    t.plan(0, reason);
    return undefined;
  }
  await fetchJars();
  const classes = await compileLauncher();
  const java = spawn('java', ['-cp', [classes, path.join(libDir, '*')].join(path.delimiter), 'KubernetesMockLauncher'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  t.teardown(() => stop(java));
  const lines = createInterface({ input: java.stdout })[Symbol.asyncIterator]();
  // The server logs every request: keep the tail, for the message when it dies.
  let stderr = '';
  java.stderr.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString()}`.slice(-4_000);
  });
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the Kubernetes mock server exited: ${stderr}`);
    return value;
  };
  const [, port, caFile] = /^listening (\d+) (.+)$/.exec(await nextLine()) ?? [];
  if (port === undefined || caFile === undefined) throw new Error('the Kubernetes mock server did not say its port and certificate');
  let queue = Promise.resolve();
  return {
    url: `https://localhost:${port}`,
    caFile,
    respond(method, requestPath, status, options = {}) {
      const body = options.body === undefined ? '' : ` ${JSON.stringify(options.body)}`;
      // One command at a time: each answer belongs to the command before it.
      const sent = queue.then(async () => {
        java.stdin.write(`respond ${method} ${requestPath} ${status} ${options.times ?? 1}${body}\n`);
        const answer = await nextLine();
        if (answer !== 'ok') throw new Error(`the Kubernetes mock server refused the canned answer: ${answer}`);
      });
      queue = sent.catch(() => undefined);
      return sent;
    },
  };
}

/** Closing stdin ends the launcher; a kill is the fallback for one that hangs. */
async function stop(java: ChildProcessWithoutNullStreams): Promise<void> {
  if (java.exitCode !== null || java.signalCode !== null) return;
  const exited = new Promise((resolve) => java.once('exit', resolve));
  java.stdin.end();
  const timer = setTimeout(() => java.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The launcher's class folder, named after a hash of its source so that an edit compiles anew. */
async function compileLauncher(): Promise<string> {
  const source = await readFile(launcher);
  const classes = path.join(cacheDir, `classes-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  if (await readdir(classes).then((files) => files.includes('KubernetesMockLauncher.class'), () => false)) return classes;
  const partial = await mkdtemp(path.join(cacheDir, 'classes.partial-'));
  try {
    await run('javac', ['-cp', path.join(libDir, '*'), '-d', partial, launcher]);
    await rename(partial, classes).catch(async (error: unknown) => {
      // Another test process compiled the same source first.
      if (!(await readdir(classes).catch((): string[] => [])).includes('KubernetesMockLauncher.class')) throw error;
    });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  return classes;
}

/** The launcher's classpath, resolved by Maven once; a stamp lists the jars, so a later run skips Maven. */
async function fetchJars(): Promise<void> {
  const stamp = await readFile(stampFile, 'utf8').then((text) => JSON.parse(text) as string[], () => undefined);
  const present = new Set(await readdir(libDir).catch(() => []));
  if (stamp !== undefined && stamp.length > 0 && stamp.every((jar) => present.has(jar))) return;
  await mkdir(cacheDir, { recursive: true });
  // Into a fresh folder that replaces lib only once complete: an interrupted fetch leaves no half-filled lib.
  const partial = await mkdtemp(path.join(cacheDir, 'lib.partial-'));
  try {
    await run('mvn', ['-B', '-q', '--no-transfer-progress', '-f', pom, `-Dmock.lib=${partial}`, 'dependency:copy-dependencies'], {
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`Maven could not fetch io.fabric8:kubernetes-server-mock (${pom}): ${`${error.stdout ?? ''}${error.stderr ?? ''}`.slice(-2_000)}`);
    });
    const jars = (await readdir(partial)).filter((file) => file.endsWith('.jar')).sort();
    await rm(libDir, { recursive: true, force: true });
    await rename(partial, libDir);
    await writeFile(stampFile, `${JSON.stringify(jars, null, 2)}\n`);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}
