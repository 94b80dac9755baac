// A single-node Apache Kafka broker in KRaft mode (one process is broker and controller) on
// loopback, for tests and benchmarks: fetched from Maven Central, storage formatted, started on
// free ports with a small heap, ready once a client sees the cluster.

import { spawn, execFile } from 'node:child_process';
import { generateKeyPairSync, type JsonWebKey, randomBytes, randomUUID } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from '@tdss/testing';
import { fetchKafka } from './fetch-kafka.ts';

const run = promisify(execFile);

export interface KafkaBrokerOptions {
  /** Where the broker keeps its log segments and its own log file; default a fresh temp folder, removed on stop. */
  readonly dataDir?: string;
  /** Java heap in MiB; default 512. */
  readonly heapMb?: number;
  /** Let the broker outlive this process (the CI starter); stop it with stopKafkaBroker(pid). */
  readonly detached?: boolean;
  /** How long to wait for the broker to answer; default 90 s (a cold JVM on a busy machine is slow). */
  readonly readyTimeoutMs?: number;
}

/** The one SASL/PLAIN user of the SASL_PLAINTEXT listener (a super user). */
export const SASL_USER = { username: 'tdss', password: 'tdss-test-password' } as const;

/**
 * The longest session of the OAUTHBEARER listener (its connections.max.reauth.ms): a consumer's
 * connection must authenticate again within this and before its token expires, or is closed.
 */
export const REAUTH_MS = 10_000;

/** The `aud` the OAUTHBEARER listener expects in a token: this cluster. */
export const OAUTH_AUDIENCE = 'tdss-test-kafka';

/** The `iss` the OAUTHBEARER listener expects: the data plane that signs the tokens (its default id). */
export const OAUTH_ISSUER = 'dataplane-kafka';

/** The OAUTHBEARER listener: JWTs signed with `signingKey` (whose public half the broker trusts), authorized by ACLs. */
export interface OAuthListener {
  /** host:port, SASL_PLAINTEXT with mechanism OAUTHBEARER. */
  readonly bootstrap: string;
  /** The `aud` a token must carry (OAUTH_AUDIENCE). */
  readonly audience: string;
  /** The private JWK (ES256, with `kid`) of the JWKS file the broker validates tokens against; test key, not a secret. */
  readonly signingKey: JsonWebKey & { kid: string };
}

export interface KafkaBroker {
  /** host:port of the PLAINTEXT listener. */
  readonly bootstrap: string;
  /** host:port of the SASL_PLAINTEXT listener (mechanism PLAIN, user SASL_USER). */
  readonly saslBootstrap: string;
  readonly oauth: OAuthListener;
  readonly pid: number;
  readonly version: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const { version, classpath } = await fetchKafka();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'tdss-kafka-')));
  await mkdir(dataDir, { recursive: true });
  const ports = { broker: await freePort(), sasl: await freePort(), oauth: await freePort(), controller: await freePort() };
  const bootstrap = `127.0.0.1:${ports.broker}`;
  const saslBootstrap = `127.0.0.1:${ports.sasl}`;
  const config = path.join(dataDir, 'server.properties');
  const jwksFile = path.join(dataDir, 'jwks.json');
  const signingKey = await writeJwks(jwksFile);
  await writeFile(config, serverProperties(dataDir, ports, jwksFile));

  const java = [
    '-cp',
    classpath,
    `-Dlog4j2.configurationFile=${path.join(import.meta.dirname, 'log4j2.properties')}`,
    // Kafka reads a JWKS only from URLs and files allowed here.
    `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=file://${jwksFile}`,
    `-Dorg.apache.kafka.sasl.oauthbearer.allowed.files=${jwksFile}`,
  ];
  // A Kafka cluster id is 16 random bytes in URL-safe base64 without padding; one starting with
  // '-' would be read as an option unless joined to its flag.
  const clusterId = randomBytes(16).toString('base64url');
  await run('java', ['-Xmx256m', ...java, 'kafka.tools.StorageTool', 'format', '--ignore-formatted', `--cluster-id=${clusterId}`, '-c', config]);

  const logFile = path.join(dataDir, 'broker.log');
  const out = openSync(logFile, 'a');
  const child = spawn('java', [`-Xmx${options.heapMb ?? 512}m`, '-Xms64m', '-XX:+UseSerialGC', ...java, 'kafka.Kafka', config], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error('kafka: java did not start (is a JDK 17+ on PATH?)');
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  if (options.detached) child.unref();

  const stop = async () => {
    await stopKafkaBroker(pid);
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(bootstrap, options.readyTimeoutMs ?? 90_000, () => exited);
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    await stop();
    throw new Error(`kafka: the broker on ${bootstrap} did not become ready: ${(error as Error).message}\n${log.split('\n').slice(-20).join('\n')}`, { cause: error });
  }
  return { bootstrap, saslBootstrap, oauth: { bootstrap: `127.0.0.1:${ports.oauth}`, audience: OAUTH_AUDIENCE, signingKey }, pid, version, dataDir, stop };
}

/** Stops a broker started by startKafkaBroker, in this process or another: SIGTERM, then SIGKILL after 20 s. */
export async function stopKafkaBroker(pid: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!signal(pid, 0)) return;
  }
  signal(pid, 'SIGKILL');
}

/** Sends a signal to the broker's process group (it runs detached, as a group leader); false when it is gone. */
function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(name === 0 ? pid : -pid, name);
    return true;
  } catch {
    return false;
  }
}

/** A fresh ES256 key pair: the public half into the JWKS file the broker trusts, the private half returned. */
async function writeJwks(file: string): Promise<JsonWebKey & { kid: string }> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  await writeFile(file, `${JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }] })}\n`);
  return { ...privateKey.export({ format: 'jwk' }), kid };
}

function serverProperties(dataDir: string, ports: { broker: number; sasl: number; oauth: number; controller: number }, jwksFile: string): string {
  return `${[
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${ports.controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${ports.broker},SASL_PLAINTEXT://127.0.0.1:${ports.sasl},OAUTH://127.0.0.1:${ports.oauth},CONTROLLER://127.0.0.1:${ports.controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.broker},SASL_PLAINTEXT://127.0.0.1:${ports.sasl},OAUTH://127.0.0.1:${ports.oauth}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,OAUTH:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
    // Clients that authenticate: a data plane reading a provider's topic with credentials from the secret store.
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN',
    `listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${SASL_USER.username}="${SASL_USER.password}";`,
    // Consumers pulling with a data plane's short-lived token (a JWT checked against the JWKS file,
    // re-read when it changes); the token's sub is the principal the data plane granted ACLs to.
    'listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER',
    'listener.name.oauth.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
    'listener.name.oauth.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
    `listener.name.oauth.oauthbearer.sasl.oauthbearer.jwks.endpoint.url=file://${jwksFile}`,
    `listener.name.oauth.oauthbearer.sasl.oauthbearer.expected.audience=${OAUTH_AUDIENCE}`,
    `listener.name.oauth.oauthbearer.sasl.oauthbearer.expected.issuer=${OAUTH_ISSUER}`,
    'listener.name.oauth.oauthbearer.sasl.oauthbearer.clock.skew.seconds=1',
    // ACLs decide what a pull principal may do; the relay's clients (PLAINTEXT: ANONYMOUS; PLAIN:
    // the SASL user) and the controller are super users, as before the authorizer.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:ANONYMOUS;User:${SASL_USER.username}`,
    `listener.name.oauth.oauthbearer.connections.max.reauth.ms=${REAUTH_MS}`,
    `log.dirs=${path.join(dataDir, 'logs')}`,
    // One node: internal topics cannot have more replicas than that.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=4',
    'share.coordinator.state.topic.replication.factor=1',
    // A group starts at once instead of waiting 3 s for more members.
    'group.initial.rebalance.delay.ms=0',
    'num.partitions=1',
    'auto.create.topics.enable=true',
  ].join('\n')}\n`;
}

async function waitUntilReady(bootstrap: string, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'tdss-kafka-ready', logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const why = exited();
    if (why) throw new Error(`java ${why}`);
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return;
    } catch (error) {
      last = error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no answer within ${timeoutMs} ms (${last instanceof Error ? last.message : String(last)})`);
}
