/**
 * Crash and restart mid-transfer on PostgreSQL: a provider in a child process is SIGKILLed after
 * its TransferStartMessage reached the consumer and before it wrote STARTED. The restarted
 * provider takes the row over once the dead one's lease expires, runs the start again (the data
 * flow and the message are at-least-once), and the consumer takes the repeated message as the
 * duplicate it is; every state is written once.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database } from '@tdss/sdk';
import { createPostgresDatabase, createTempDir, freePort } from '@tdss/testing';
import t from 'tap';
import { CRASH, crashAgreement } from './test-support/crash-settings.ts';
import { startHoldingProxy } from './test-support/holding-proxy.ts';
import { eventually, PULL, recordingDataPlane, startTransferRuntime, type TransferRuntime, waitForState } from './test-support/transfer-test-kit.ts';
import { TransferProcessEntity } from './transfer-process.ts';

const CHILD = fileURLToPath(new URL('./test-support/crash-provider.ts', import.meta.url));
const START = /\/transfers\/[^/]+\/start$/;

const versionOf = async (cut: TransferRuntime, id: string) => (await cut.runtime.get(Database).em().findOneOrFail(TransferProcessEntity, { id })).version;

t.test('a provider killed between delivering its start and writing it: the restarted one starts again, the consumer takes it once', async (t) => {
  const url = await createPostgresDatabase(t);
  if (url === undefined) return;

  // The consumer's callbacks pass a proxy that can deliver a message and withhold the answer.
  const consumerPort = await freePort();
  const proxy = await startHoldingProxy(t, () => `http://127.0.0.1:${consumerPort}`);
  const consumer = await startTransferRuntime(t, {
    name: 'consumer',
    store: { dialect: 'sqlite', file: join(await createTempDir(t, 'tdss-sqlite-'), 'consumer.sqlite') },
    participants: { [CRASH.consumer.context]: CRASH.consumer.participantId },
    port: consumerPort,
    protocolUrl: `${proxy.url}/protocol`,
  });
  await consumer.addAgreement(CRASH.consumer.context, crashAgreement());

  const providerPort = await freePort();
  const callsFile = join(await createTempDir(t), 'calls.txt');
  const child = spawn(process.execPath, [CHILD, url, await createTempDir(t), String(providerPort), callsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await eventually(`the child provider started (output: ${output})`, () => /^ready$/m.test(output), 60_000);

  proxy.hold(START);
  const requested = await consumer.transfers.request(CRASH.consumer.context, {
    counterpartyAddress: `http://127.0.0.1:${providerPort}/protocol/${CRASH.provider.context}/2025-1`,
    agreementId: CRASH.agreementId,
    transferType: PULL,
  });
  const started = await waitForState(consumer.transfers, CRASH.consumer.context, requested.id, 'STARTED');
  const providerPid = started.providerPid!;
  const startedAt = started.stateTimestamp.getTime();
  t.equal(proxy.forwarded.filter((path) => START.test(path)).length, 1, 'the start reached the consumer; its answer is withheld');
  child.kill('SIGKILL');
  await once(child, 'exit');
  t.equal(await readFile(callsFile, 'utf8'), `start ${providerPid}\n`, 'the killed provider had started the data flow');

  proxy.release();
  const pull = recordingDataPlane(PULL, 'PULL');
  const provider = await startTransferRuntime(t, {
    name: 'provider-restarted',
    store: { dialect: 'postgresql', url },
    participants: {},
    dataPlanes: [pull],
    port: providerPort,
    transferProcess: CRASH.transferProcess,
  });
  await waitForState(provider.transfers, CRASH.provider.context, providerPid, 'STARTED');
  t.same(pull.callsOf(providerPid), ['start'], 'the restarted provider ran the start again (at-least-once side effect)');
  await eventually('the repeated start reached the consumer', () => proxy.forwarded.filter((path) => START.test(path)).length === 2);
  const again = await consumer.transfers.get(CRASH.consumer.context, requested.id);
  t.equal(again.state, 'STARTED');
  t.equal(again.stateTimestamp.getTime(), startedAt, 'the consumer took the repeated start as a duplicate: no second transition');
  t.equal(await versionOf(provider, providerPid), 3, "the provider's row: created leased to the killed provider, taken over, STARTED written once");

  await consumer.transfers.complete(CRASH.consumer.context, requested.id);
  await waitForState(consumer.transfers, CRASH.consumer.context, requested.id, 'COMPLETED');
  await waitForState(provider.transfers, CRASH.provider.context, providerPid, 'COMPLETED');
  t.same(pull.callsOf(providerPid), ['start', 'complete'], 'the transfer goes on after the restart');
});
