/**
 * The DSP binding against a scripted counterparty: every message in every DSP state, on either
 * side, answered as the spec's state machine says (200 and the new state, or 400 with a
 * TransferError and the state unchanged), and repeated messages answered the same way.
 */
import { randomUUID } from 'node:crypto';
import { ProblemError } from '@tdss/sdk';
import { forEachDialect } from '@tdss/testing';
import t, { type Test } from 'tap';
import { type CounterpartyKit, startCounterpartyKit } from './test-support/counterparty-kit.ts';
import {
  agreement,
  providerProcessOf,
  PULL,
  type RecordingDataPlane,
  recordingDataPlane,
  startTransferRuntime,
  type TransferRuntime,
  waitForState,
} from './test-support/transfer-test-kit.ts';
import type { TransferProcessState } from './transfer-states.ts';

const PROVIDER = 'did:web:provider.example';
const CONSUMER = 'did:web:consumer.example';
const HELD = 'urn:uuid:held-agreement';
const AUTO = 'urn:uuid:auto-agreement';
const BOUGHT = 'urn:uuid:bought-agreement';

type DspState = 'REQUESTED' | 'STARTED' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';
type Message = 'start' | 'suspension' | 'completion' | 'termination';
const TYPES: Record<Message, string> = {
  start: 'TransferStartMessage',
  suspension: 'TransferSuspensionMessage',
  completion: 'TransferCompletionMessage',
  termination: 'TransferTerminationMessage',
};
const R = 400;

/** What a message does in a DSP state: the state it leads to (200), or R (400, unchanged). */
const PROVIDER_TABLE: Record<DspState, Record<Message, DspState | typeof R>> = {
  REQUESTED: { start: R, suspension: R, completion: R, termination: 'TERMINATED' },
  STARTED: { start: 'STARTED', suspension: 'SUSPENDED', completion: 'COMPLETED', termination: 'TERMINATED' },
  SUSPENDED: { start: 'STARTED', suspension: 'SUSPENDED', completion: R, termination: 'TERMINATED' },
  COMPLETED: { start: R, suspension: R, completion: 'COMPLETED', termination: R },
  TERMINATED: { start: R, suspension: R, completion: R, termination: 'TERMINATED' },
};
const CONSUMER_TABLE: Record<DspState, Record<Message, DspState | typeof R>> = {
  ...PROVIDER_TABLE,
  // The provider starts a requested transfer.
  REQUESTED: { start: 'STARTED', suspension: R, completion: R, termination: 'TERMINATED' },
};

interface Setup {
  cut: TransferRuntime;
  kit: CounterpartyKit;
  pull: RecordingDataPlane;
}

async function setUp(t: Test, store: Parameters<typeof startTransferRuntime>[1]['store']): Promise<Setup> {
  const kit = await startCounterpartyKit(t);
  const pull = recordingDataPlane(PULL, 'PULL');
  const cut = await startTransferRuntime(t, {
    name: 'cut',
    store,
    participants: { provider: PROVIDER, consumer: CONSUMER },
    dataPlanes: [pull],
    held: new Set([HELD]),
  });
  await cut.addAgreement('provider', agreement(HELD, PROVIDER, kit.participantId, 'asset-held'));
  await cut.addAgreement('provider', agreement(AUTO, PROVIDER, kit.participantId, 'asset-auto'));
  await cut.addAgreement('consumer', agreement(BOUGHT, kit.participantId, CONSUMER, 'asset-bought'));
  return { cut, kit, pull };
}

/** A provider process of the CUT in `state`, requested by the kit. */
async function providerIn({ cut, kit }: Setup, state: DspState) {
  const consumerPid = `urn:uuid:${randomUUID()}`;
  const request = { '@type': 'TransferRequestMessage', consumerPid, agreementId: state === 'REQUESTED' ? HELD : AUTO, format: PULL, callbackAddress: kit.url };
  const created = await kit.send(cut, 'provider', PROVIDER, '/transfers/request', request);
  if (created.status !== 201) throw new Error(`request answered ${created.status}: ${JSON.stringify(created.body)}`);
  const pids = { providerPid: created.body.providerPid as string, consumerPid };
  const settle = (s: TransferProcessState) => waitForState(cut.transfers, 'provider', pids.providerPid, s);
  if (state === 'REQUESTED') return pids;
  await settle('STARTED');
  if (state === 'SUSPENDED') await kit.send(cut, 'provider', PROVIDER, `/transfers/${pids.providerPid}/suspension`, { '@type': 'TransferSuspensionMessage', ...pids });
  if (state === 'COMPLETED') await cut.transfers.complete('provider', pids.providerPid);
  if (state === 'TERMINATED') await cut.transfers.terminate('provider', pids.providerPid);
  await settle(state);
  return pids;
}

/** A consumer process of the CUT in `state`, its provider being the kit. */
async function consumerIn({ cut, kit }: Setup, state: DspState) {
  const requested = await cut.transfers.request('consumer', { counterpartyAddress: kit.url, agreementId: BOUGHT, transferType: PULL });
  const process = await waitForState(cut.transfers, 'consumer', requested.id, 'REQUESTED');
  const pids = { providerPid: process.providerPid!, consumerPid: process.id };
  const say = (message: Message, extra: Record<string, unknown> = {}) =>
    kit.send(cut, 'consumer', CONSUMER, `/transfers/${pids.consumerPid}/${message}`, { '@type': TYPES[message], ...pids, ...extra });
  if (state === 'TERMINATED') await say('termination');
  if (state === 'STARTED' || state === 'SUSPENDED' || state === 'COMPLETED') await say('start', { dataAddress: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://kit.example/data' } });
  if (state === 'SUSPENDED') await say('suspension');
  if (state === 'COMPLETED') await say('completion');
  await waitForState(cut.transfers, 'consumer', pids.consumerPid, state);
  return pids;
}

forEachDialect(t, 'every message in every DSP state, on either side: the new state, or 400 with a TransferError and no change', async (t, _dialect, store) => {
  const setup = await setUp(t, store);
  const { cut, kit } = setup;
  const sides = [
    { role: 'provider', participant: PROVIDER, table: PROVIDER_TABLE, reach: providerIn, ours: 'providerPid' },
    { role: 'consumer', participant: CONSUMER, table: CONSUMER_TABLE, reach: consumerIn, ours: 'consumerPid' },
  ] as const;
  for (const side of sides) {
    for (const [state, row] of Object.entries(side.table) as Array<[DspState, Record<Message, DspState | typeof R>]>) {
      for (const [message, expected] of Object.entries(row) as Array<[Message, DspState | typeof R]>) {
        const pids = await side.reach(setup, state);
        const pid = pids[side.ours];
        const name = `${side.role} ${state} + ${TYPES[message]}`;
        const answer = await kit.send(cut, side.role, side.participant, `/transfers/${pid}/${message}`, { '@type': TYPES[message], ...pids });
        const now = await kit.send(cut, side.role, side.participant, `/transfers/${pid}`);
        t.equal(now.status, 200, `${name}: GET answers`);
        if (expected === R) {
          t.equal(answer.status, 400, `${name}: refused`);
          t.match(answer.body, { '@type': 'TransferError', code: '400', providerPid: pids.providerPid, consumerPid: pids.consumerPid, reason: [new RegExp(`is ${state}: it cannot be`)] }, `${name}: TransferError`);
          t.equal(now.body.state, state, `${name}: state unchanged`);
        } else {
          t.equal(answer.status, 200, `${name}: accepted`);
          t.match(answer.body, { '@type': 'TransferProcess', state: expected, ...pids }, `${name}: answered with the process`);
          t.equal(now.body.state, expected, `${name}: now ${expected}`);
        }
        t.same(now.body, { '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'TransferProcess', ...pids, state: now.body.state }, `${name}: GET is a TransferProcess`);
      }
    }
  }
});

forEachDialect(t, 'repeated messages: the same request finds the same process, a repeated termination is answered alike', async (t, _dialect, store) => {
  const setup = await setUp(t, store);
  const { cut, kit } = setup;
  const consumerPid = `urn:uuid:${randomUUID()}`;
  const request = { '@type': 'TransferRequestMessage', consumerPid, agreementId: HELD, format: PULL, callbackAddress: kit.url };
  const [a, b] = await Promise.all([
    kit.send(cut, 'provider', PROVIDER, '/transfers/request', request),
    kit.send(cut, 'provider', PROVIDER, '/transfers/request', request),
  ]);
  t.equal(a.status, 201);
  t.equal(b.status, 201);
  t.equal(a.body.providerPid, b.body.providerPid, 'two copies at once make one process');
  const again = await kit.send(cut, 'provider', PROVIDER, '/transfers/request', request);
  t.same(again, a, 'a later copy is answered the same');
  const page = await cut.transfers.list('provider', { offset: 0, limit: 50, filters: { agreementId: HELD } });
  t.equal(page.total, 1);

  const pids = { providerPid: a.body.providerPid, consumerPid };
  const termination = { '@type': 'TransferTerminationMessage', ...pids, code: 'X1', reason: ['done'] };
  const first = await kit.send(cut, 'provider', PROVIDER, `/transfers/${pids.providerPid}/termination`, termination);
  const second = await kit.send(cut, 'provider', PROVIDER, `/transfers/${pids.providerPid}/termination`, termination);
  t.equal(first.status, 200);
  t.same(second, first, 'the repeated termination gets the same answer');
  const ended = await waitForState(cut.transfers, 'provider', pids.providerPid, 'TERMINATED');
  t.equal(ended.errorDetail, 'terminated by the counterparty: code X1; done');
  const third = await kit.send(cut, 'provider', PROVIDER, `/transfers/${pids.providerPid}/termination`, termination);
  t.same(third, first, 'also once the termination is through');

  // The consumer: a repeated start with a fresh pull address keeps the new address.
  const consumer = await consumerIn(setup, 'STARTED');
  const fresh = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://kit.example/data-2' };
  const repeated = await kit.send(cut, 'consumer', CONSUMER, `/transfers/${consumer.consumerPid}/start`, { '@type': 'TransferStartMessage', ...consumer, dataAddress: fresh });
  t.equal(repeated.status, 200);
  t.same((await cut.transfers.get('consumer', consumer.consumerPid)).dataAddress, fresh);
});

forEachDialect(t, 'requests a provider refuses, each with a TransferError naming the problem', async (t, _dialect, store) => {
  const setup = await setUp(t, store);
  const { cut, kit } = setup;
  await cut.addAgreement('provider', agreement('urn:uuid:expired', PROVIDER, kit.participantId, 'asset-x', {
    permission: [{ action: 'use', constraint: [{ leftOperand: 'dateTime', operator: 'lteq', rightOperand: { '@value': '2001-01-01T00:00:00Z', '@type': 'xsd:dateTime' } }] }],
  } as never));
  const request = (extra: Record<string, unknown>) =>
    kit.send(cut, 'provider', PROVIDER, '/transfers/request', { '@type': 'TransferRequestMessage', consumerPid: `urn:uuid:${randomUUID()}`, agreementId: AUTO, format: PULL, callbackAddress: kit.url, ...extra });

  const unsupported = await request({ format: 'Kafka-PUSH' });
  t.equal(unsupported.status, 400);
  t.match(unsupported.body, { '@type': 'TransferError', code: '400', providerPid: '', reason: [/transfer type not supported: "Kafka-PUSH"; this provider serves HttpData-PULL/] });
  t.equal(unsupported.body.consumerPid.length > 0, true, "the consumer's pid is named");

  const pullWithAddress = await request({ dataAddress: { '@type': 'DataAddress', endpointType: 'x' } });
  t.equal(pullWithAddress.status, 400);
  t.match(pullWithAddress.body.reason, [/pull transfer type, which takes no dataAddress/]);

  const badCallback = await request({ callbackAddress: 'mailto:kit@example.com' });
  t.equal(badCallback.status, 400);
  t.match(badCallback.body.reason, [/callbackAddress: must be an absolute http\(s\) URL/]);

  const invalid = await request({ format: 42, consumerPid: undefined });
  t.equal(invalid.status, 400);
  t.equal(invalid.body['@type'], 'TransferError');
  t.ok(invalid.body.reason.length > 1, 'each schema problem is a reason');

  const denied = await request({ agreementId: 'urn:uuid:expired' });
  t.equal(denied.status, 403);
  t.match(denied.body, { '@type': 'TransferError', code: '403', reason: [/^Denied: the request does not satisfy the applicable policy/] });
  t.notMatch(JSON.stringify(denied.body), /dateTime|2001/, "the provider's policy does not leak");

  t.equal((await cut.transfers.list('provider', { offset: 0, limit: 50, filters: {} })).total, 0, 'no refused request left a process');
});

forEachDialect(t, 'a process gives up: an unreachable provider, a consumer that refuses the start, a data flow that cannot start', async (t, _dialect, store) => {
  const setup = await setUp(t, store);
  const { cut, kit, pull } = setup;
  const requestFromKit = async () => {
    const consumerPid = `urn:uuid:${randomUUID()}`;
    await kit.send(cut, 'provider', PROVIDER, '/transfers/request', { '@type': 'TransferRequestMessage', consumerPid, agreementId: AUTO, format: PULL, callbackAddress: kit.url });
    return { consumerPid, process: await providerProcessOf(cut.transfers, 'provider', consumerPid) };
  };

  // A data flow that fails once is tried again: the transfer starts on the second attempt.
  pull.failNext('start', 1);
  const retried = await requestFromKit();
  await waitForState(cut.transfers, 'provider', retried.process.id, 'STARTED');
  t.same(pull.callsOf(retried.process.id), ['start'], 'the failed call threw before it was recorded; the retry went through');
  t.equal(kit.of('TransferStartMessage').filter((m) => m.body?.consumerPid === retried.consumerPid).length, 1);

  // A data flow that cannot start ends the transfer at once, and the consumer is told why.
  pull.failNext('start', 1, new ProblemError(422, 'the source is gone'));
  const broken = await requestFromKit();
  const gone = await waitForState(cut.transfers, 'provider', broken.process.id, 'TERMINATED');
  t.match(gone.errorDetail, /refused to start the data flow: the source is gone/);
  // The data plane ended the flow it refused; the control plane's terminate finds it ended and changes nothing.
  t.same(pull.callsOf(broken.process.id), []);
  t.match(kit.of('TransferTerminationMessage').find((m) => m.body?.consumerPid === broken.consumerPid)?.body, { reason: [/the source is gone/] });
  t.equal(kit.of('TransferStartMessage').filter((m) => m.body?.consumerPid === broken.consumerPid).length, 0, 'no start was sent');

  // Nobody listens on port 9 of loopback (discard): every attempt fails; after maxAttempts (3) the request ends.
  const lost = await cut.transfers.request('consumer', { counterpartyAddress: 'http://127.0.0.1:9/dsp', agreementId: BOUGHT, transferType: PULL });
  const ended = await waitForState(cut.transfers, 'consumer', lost.id, 'TERMINATED');
  t.match(ended.errorDetail, /gave up after 3 attempts in REQUESTING: .*did not answer/);

  // The kit refuses the start message: the provider stops its flow and tells the kit it terminated.
  kit.script(/\/start$/, () => ({ status: 400, body: { '@type': 'TransferError', reason: ['no thanks'] } }));
  const { consumerPid, process: refused } = await requestFromKit();
  const terminated = await waitForState(cut.transfers, 'provider', refused.id, 'TERMINATED');
  t.match(terminated.errorDetail, /answered 400: no thanks/);
  const told = kit.of('TransferTerminationMessage').find((m) => m.body?.consumerPid === consumerPid);
  t.match(told?.body, { providerPid: refused.id, reason: [/answered 400: no thanks/] }, 'the consumer is told why');
  t.same(pull.callsOf(refused.id), ['start', 'terminate'], 'the started flow is stopped');
});
