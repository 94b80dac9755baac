/**
 * A consumer runtime is SIGKILLed while its contract request is on its way (the provider is still
 * deciding). Restarted on the same database and port, it finishes the negotiation: the provider
 * decided once, holds one negotiation for the consumer's process, and both sides hold the one
 * agreement, FINALIZED.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createPostgresDatabase, createTempDir, freePort, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import type { NegotiationDecider } from '../tokens.ts';
import {
  counterpartOf,
  createParticipant,
  endpointsAt,
  expectJson,
  FAST_NEGOTIATIONS,
  listNegotiations,
  negotiationKit,
  negotiationPlugins,
  offerAsset,
  requestOffer,
  startNegotiationRuntime,
  waitForState,
} from './test-support/negotiation-test-kit.ts';

const WORKER = fileURLToPath(new URL('./test-support/negotiation-worker.ts', import.meta.url));
/** Short, so that the restarted consumer resumes the killed one's row soon. */
const CONSUMER_SETTINGS = { ...FAST_NEGOTIATIONS, machine: { ...FAST_NEGOTIATIONS.machine, leaseMs: 1_500 } };
/** The provider keeps retrying its agreement while the consumer is down. */
const PROVIDER_SETTINGS = { ...FAST_NEGOTIATIONS, machine: { ...FAST_NEGOTIATIONS.machine, retry: { baseDelayMs: 50, maxDelayMs: 250, maxAttempts: 200, jitter: 0 } } };

t.test('a consumer killed while its request is pending finishes the negotiation once after a restart', async (t) => {
  const providerUrl = await createPostgresDatabase(t);
  if (providerUrl === undefined) return;
  const consumerUrl = (await createPostgresDatabase(t))!;

  let entered!: () => void;
  const deciding = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let decisions = 0;
  const blocking: NegotiationDecider = {
    name: 'blocking',
    async decide(situation) {
      if (situation.role !== 'PROVIDER' || situation.point !== 'REQUESTED') return undefined;
      decisions += 1;
      entered();
      await gate;
      return undefined; // the defaults agree
    },
  };
  const provider = await startNegotiationRuntime(t, { dialect: 'postgresql', url: providerUrl }, { deciders: [blocking], contractNegotiation: PROVIDER_SETTINGS });
  await createParticipant(t, provider, 'provider');
  const offer = await offerAsset(t, provider, 'provider', 'asset-crash');

  const port = await freePort();
  const config = JSON.stringify({ url: consumerUrl, port, dataDir: await createTempDir(t), contractNegotiation: CONSUMER_SETTINGS });
  const child = spawn(process.execPath, [WORKER, config], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exited = false;
  child.once('exit', () => (exited = true));
  for (const until = Date.now() + 30_000; !/^ready$/m.test(output) && !exited && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
  t.match(output, /^ready$/m, 'the consumer runtime started');
  const worker = endpointsAt(`http://127.0.0.1:${port}`);
  await createParticipant(t, worker, 'consumer');
  const id = await requestOffer(t, worker, 'consumer', provider, 'provider', offer);

  await deciding;
  child.kill('SIGKILL');
  await once(child, 'exit');
  t.pass('the consumer was killed while its request was pending');
  release();

  const restarted = negotiationKit(
    await startTestRuntime(t, { name: 'consumer-restarted', plugins: negotiationPlugins({ dialect: 'postgresql', url: consumerUrl }, { port, contractNegotiation: CONSUMER_SETTINGS }) }),
  );
  const consumerSide = await waitForState(restarted, 'consumer', id, 'FINALIZED', 30_000);
  t.equal(consumerSide.state, 'FINALIZED', 'the restarted consumer finished the negotiation');
  const providerSide = await waitForState(provider, 'provider', (await counterpartOf(provider, 'provider', id))['@id'], 'FINALIZED', 30_000);
  t.equal(providerSide.state, 'FINALIZED');
  t.equal(decisions, 1, 'the provider decided on the request once');
  t.equal((await listNegotiations(provider, 'provider')).length, 1, 'one negotiation at the provider');
  t.equal((await listNegotiations(restarted, 'consumer')).length, 1, 'one negotiation at the consumer');
  for (const [kit, side] of [[restarted, 'consumer'], [provider, 'provider']] as const) {
    const agreements = await expectJson(t, fetch(`${kit.participant(side)}/contractagreements`), 200);
    t.same(agreements.map((a: { '@id': string }) => a['@id']), [providerSide.contractAgreementId], `${side} holds the one agreement`);
  }
});
