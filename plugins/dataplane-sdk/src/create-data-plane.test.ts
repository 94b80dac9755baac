/**
 * The DPS data plane API over HTTP (serveDataPlane + the signaling client): validation, the flow
 * state machine, repeated and out-of-order messages, asynchronous start with callbacks and their
 * retries, control plane registration.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProblemError } from '@tdss/sdk';
import t, { type Test } from 'tap';
import { createDataPlane, type DataPlane } from './create-data-plane.ts';
import type { DataFlow } from './data-flow.ts';
import type { DataFlowStatusMessage } from './messages.ts';
import { serveDataPlane } from './serve-data-plane.ts';
import { createSignalingClient } from './signaling-client.ts';

const start = (processId: string, profile: string, extra: Record<string, unknown> = {}) => ({
  messageId: `start-${processId}`,
  participantId: 'did:web:provider',
  counterPartyId: 'did:web:consumer',
  dataspaceContext: 'test',
  processId,
  agreementId: 'agreement-1',
  datasetId: 'asset-1',
  profile,
  claims: {},
  ...extra,
});

async function serve(t: Test, plane: DataPlane) {
  const served = await serveDataPlane({ routes: [{ path: '/signaling', router: plane.router }] });
  t.teardown(() => served.close());
  t.teardown(() => plane.close?.());
  const base = `${served.url}/signaling`;
  return { base, client: createSignalingClient(base), post: (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) };
}

/** Polls until `done` holds (callbacks retried by the outbox's sweep arrive in the background). */
async function until(done: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A control plane that answers 503 `failures` times, then 200; it records every callback. */
async function controlPlane(t: Test, failures = 0) {
  const calls: Array<{ path: string; body: DataFlowStatusMessage; authorization?: string }> = [];
  let left = failures;
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      calls.push({ path: req.url!, body: JSON.parse(text) as DataFlowStatusMessage, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      res.writeHead(left-- > 0 ? 503 : 200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/signaling`, calls };
}

t.test('messages are validated: bad input is a 400 problem naming the fields', async (t) => {
  const { post } = await serve(t, createDataPlane({ id: 'dp', transferTypes: [{ profile: 'X-PULL', flow: 'PULL' }] }));
  const res = await post('/dataflows/start', { messageId: 'm1', profile: 'X-PULL' });
  t.equal(res.status, 400);
  t.equal(res.headers.get('content-type'), 'application/problem+json');
  const problem = (await res.json()) as { detail: string; issues: Array<{ path: string }> };
  t.match(problem.detail, /not a valid DataFlowStartMessage/);
  t.ok(problem.issues.length > 0, 'the issues are listed');
  const notJson = await fetch(res.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
  t.equal(notJson.status, 415, 'a body that is not JSON');
  await notJson.arrayBuffer();
  const suspend = await post('/dataflows/unknown/suspend', { reason: 'no message id' });
  t.equal(suspend.status, 400, 'a suspend without messageId');
  await suspend.arrayBuffer();
  t.equal((await post('/dataflows/unknown/suspend', { messageId: 'x' })).status, 404, 'an unknown flow');
});

t.test('pull and push rules of start, and an unknown profile', async (t) => {
  const { client } = await serve(t, createDataPlane({ id: 'dp', transferTypes: [{ profile: 'X-PULL', flow: 'PULL' }, { profile: 'X-PUSH', flow: 'PUSH' }] }));
  const address = { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://consumer.example/inbox' };
  const refused = async (body: unknown, detail: RegExp) => {
    const error = await client.start(body).then(() => undefined, (e: unknown) => e);
    t.ok(error instanceof ProblemError && error.status === 400 && detail.test(error.message), `${detail}`);
  };
  await refused(start('p1', 'X-PULL', { dataAddress: address }), /pull profile/);
  await refused(start('p2', 'X-PUSH'), /required for the push profile/);
  await refused(start('p3', 'Y-PULL'), /not served by data plane dp/);
  const pushed = await client.start(start('p4', 'X-PUSH', { dataAddress: address }));
  t.equal(pushed.body.state, 'STARTED');
});

t.test('the flow state machine: repeats get the first answer, out-of-order messages change nothing', async (t) => {
  const calls: string[] = [];
  const record = (what: string) => async (flow: DataFlow) => void calls.push(`${what}:${flow.tokenGeneration}`);
  const plane = createDataPlane({
    id: 'dp',
    transferTypes: [{ profile: 'X-PULL', flow: 'PULL' }],
    onStart: async (flow) => {
      calls.push(`start:${flow.tokenGeneration}`);
      return { dataAddress: { endpointType: 'x', endpoint: `https://dp.example/${flow.id}/${flow.tokenGeneration}` } };
    },
    onSuspend: record('suspend'),
    onResume: async (flow) => {
      calls.push(`resume:${flow.tokenGeneration}`);
      return { dataAddress: { endpointType: 'x', endpoint: `https://dp.example/${flow.id}/${flow.tokenGeneration}` } };
    },
    onTerminate: record('terminate'),
    onCompleted: record('completed'),
  });
  const { client, base } = await serve(t, plane);

  const first = await client.start(start('f1', 'X-PULL'));
  t.match(first, { status: 200, body: { dataFlowId: 'f1', state: 'STARTED', dataAddress: { endpoint: 'https://dp.example/f1/1' } } });
  const again = await client.start(start('f1', 'X-PULL'));
  t.same(again, first, 'the same start message is answered as the first (same status message)');
  const other = await client.start({ ...start('f1', 'X-PULL'), messageId: 'another' }).catch((e: unknown) => e);
  t.match(other, { status: 409, message: /exists already/ }, 'another start for the process is a 409');

  const conflict = async (send: Promise<unknown>, what: string) => t.match(await send.catch((e: unknown) => e), { status: 409 }, what);
  await conflict(client.resume('f1', { messageId: 'r0' }), 'resume of a started flow is out of order');

  await client.suspend('f1', { messageId: 's1', reason: 'maintenance' });
  t.same(await client.suspend('f1', { messageId: 's1' }).then((r) => r.status), 200, 'a repeated suspend');
  t.same(await client.suspend('f1', { messageId: 's2' }).then((r) => r.body.state), 'SUSPENDED', 'a suspend of a suspended flow changes nothing');
  t.equal((await client.status('f1')).state, 'SUSPENDED');
  t.equal((await plane.flow('f1'))?.reason, 'maintenance');

  const resumed = await client.resume('f1', { messageId: 'r1' });
  t.match(resumed.body, { state: 'STARTED', dataAddress: { endpoint: 'https://dp.example/f1/3' } }, 'a fresh address: the token generation moved on twice (suspend, resume)');
  t.same(await client.resume('f1', { messageId: 'r1' }), resumed, 'a repeated resume gets the same address');

  await client.completed('f1', { messageId: 'c1' });
  await conflict(client.terminate('f1', { messageId: 't1' }), 'a completed flow cannot be terminated');
  await conflict(client.suspend('f1', { messageId: 's3' }), 'nor suspended');
  t.equal((await client.completed('f1')).body.state, 'COMPLETED', 'completed with an empty body, again: nothing changes');
  const empty = await fetch(`${base}/dataflows/f1/completed`, { method: 'POST' });
  t.equal(empty.status, 200, 'the spec\'s empty body');
  await empty.arrayBuffer();

  await client.start(start('f2', 'X-PULL'));
  await client.terminate('f2', { messageId: 't2', reason: 'policy' });
  t.equal((await client.terminate('f2', { messageId: 't3' })).body.state, 'TERMINATED', 'terminating a terminated flow changes nothing');
  await conflict(client.resume('f2', { messageId: 'r2' }), 'a terminated flow is final');
  t.same(calls, ['start:1', 'suspend:2', 'resume:3', 'completed:4', 'start:1', 'terminate:2'], 'each handler ran once per applied message');
});

t.test('a handler refusal is final, a handler failure can be retried with the same message', async (t) => {
  let failures = 1;
  const plane = createDataPlane({
    id: 'dp',
    transferTypes: [{ profile: 'X-PULL', flow: 'PULL' }],
    onStart: async (flow) => {
      if (flow.datasetId === 'gone') throw new ProblemError(422, 'the dataset is gone');
      if (failures-- > 0) throw new Error('source busy');
      return { dataAddress: { endpointType: 'x', endpoint: 'https://dp.example' } };
    },
  });
  const { client } = await serve(t, plane);
  t.match(await client.start(start('busy', 'X-PULL')).catch((e: unknown) => e), { status: 500 }, 'a failure is a 500');
  t.equal((await client.start(start('busy', 'X-PULL'))).body.state, 'STARTED', 'the same message again starts the flow');
  const gone = { ...start('refused', 'X-PULL'), datasetId: 'gone' };
  t.match(await client.start(gone).catch((e: unknown) => e), { status: 422, message: /the dataset is gone/ });
  t.match(await client.start(gone).catch((e: unknown) => e), { status: 422 }, 'the repeat is refused alike');
  t.equal((await client.status('refused')).state, 'TERMINATED');
});

t.test('asynchronous start: 202 with Location, then the started callback (retried) and the outcome for a repeat', async (t) => {
  const cp = await controlPlane(t, 2);
  const plane = createDataPlane({
    id: 'dp',
    transferTypes: [{ profile: 'X-PULL', flow: 'PULL' }],
    controlPlane: { controlplaneId: 'cp', endpoint: cp.endpoint },
    callbackRetry: { baseDelayMs: 10 },
    callbackSweepMs: 10,
    onStart: async () => ({ pending: true }),
  });
  t.teardown(() => plane.close?.());
  const { post, client } = await serve(t, plane);
  const res = await post('/dataflows/start', start('a1', 'X-PULL'));
  t.equal(res.status, 202);
  t.match(res.headers.get('location'), /\/signaling\/dataflows\/a1\/status$/);
  t.match(await res.json(), { state: 'STARTING' });

  await plane.started('a1', { endpointType: 'x', endpoint: 'https://dp.example/a1' });
  t.match((await plane.flow('a1'))?.callbacks, [{ event: 'started', attempts: 1 }], 'the failed callback waits in the flow\'s outbox');
  await until(async () => (await plane.flow('a1'))?.callbacks?.length === 0);
  t.equal(cp.calls.length, 3, 'two 503s, then the callback went through, and left the outbox');
  t.equal(new Set(cp.calls.map((call) => call.body.messageId)).size, 1, 'every attempt is the same message');
  t.match(cp.calls[2], { path: '/signaling/transfers/a1/dataflow/started', body: { dataFlowId: 'a1', state: 'STARTED', dataAddress: { endpoint: 'https://dp.example/a1' } } });
  t.match(await client.start(start('a1', 'X-PULL')), { status: 200, body: { state: 'STARTED', dataAddress: { endpoint: 'https://dp.example/a1' } } }, 'a repeat of the start now gets the outcome');

  await plane.completed('a1');
  t.match(cp.calls.at(-1), { path: '/signaling/transfers/a1/dataflow/completed', body: { state: 'COMPLETED' } });
  await plane.errored('a1', 'late');
  t.equal(cp.calls.at(-1)?.path, '/signaling/transfers/a1/dataflow/completed', 'a finished flow reports no error');
});

t.test('control plane registration: the latest one receives the callbacks', async (t) => {
  const first = await controlPlane(t);
  const second = await controlPlane(t);
  const plane = createDataPlane({ id: 'dp', transferTypes: [{ profile: 'X-PULL', flow: 'PULL' }], controlPlane: { controlplaneId: 'one', endpoint: first.endpoint } });
  const { base, client } = await serve(t, plane);
  const put = await fetch(`${base}/controlplanes`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ controlplaneId: 'two', endpoint: second.endpoint }) });
  t.equal(put.status, 200);
  await put.arrayBuffer();
  await client.start(start('r1', 'X-PULL'));
  await plane.errored('r1', 'the wire broke');
  t.equal(first.calls.length, 0);
  t.match(second.calls, [{ path: '/signaling/transfers/r1/dataflow/errored', body: { state: 'STARTED', error: 'the wire broke' } }]);
  t.equal(await client.deleteControlPlane('two'), true);
  t.equal(await client.deleteControlPlane('two'), false, 'a second delete is a 404');
  const bad = await fetch(`${base}/controlplanes`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ controlplaneId: 'x', endpoint: 'ftp://x' }) });
  t.equal(bad.status, 400, 'an endpoint that is not http(s)');
  await bad.arrayBuffer();
});

t.test('a control plane in the same process takes the callbacks directly, retried the same way', async (t) => {
  const received: string[] = [];
  let failures = 1;
  const plane = createDataPlane({ id: 'dp', transferTypes: [{ profile: 'X-PULL', flow: 'PULL' }], callbackRetry: { baseDelayMs: 5 }, callbackSweepMs: 5 });
  t.teardown(() => plane.close?.());
  plane.attachControlPlane(async (event, processId, message) => {
    if (failures-- > 0) throw new Error('database busy');
    if (processId === 'refused') throw new ProblemError(409, 'that transfer ended');
    received.push(`${event} ${processId} ${message.state}`);
  });
  await plane.signaling.start(start('in-process', 'X-PULL'));
  await plane.completed('in-process');
  await until(() => received.length === 1);
  t.same(received, ['completed in-process COMPLETED'], 'delivered after one retried failure');
  await plane.signaling.start(start('refused', 'X-PULL'));
  await plane.completed('refused');
  t.same(received, ['completed in-process COMPLETED'], 'a 4xx refusal is final (not retried, not delivered)');
  t.same((await plane.flow('refused'))?.callbacks, [], 'and leaves the outbox');
  t.equal((await plane.flow('refused'))?.state, 'COMPLETED', 'the flow moved whatever the control plane said');
});

t.test('bearer tokens: the signaling API wants the data plane\'s token, callbacks carry the one the control plane registered', async (t) => {
  const cp = await controlPlane(t);
  const plane = createDataPlane({ id: 'dp', transferTypes: [{ profile: 'X-PULL', flow: 'PULL' }], signalingToken: 'signal-secret-0123456789' });
  const { base, post } = await serve(t, plane);
  for (const [what, headers] of [
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer signal-secret-0123456780' }],
    ['another scheme', { authorization: 'Basic signal-secret-0123456789' }],
  ] as const) {
    const res = await fetch(`${base}/dataflows/start`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(start('t1', 'X-PULL')) });
    t.equal(res.status, 401, what);
    t.equal(res.headers.get('content-type'), 'application/problem+json');
    t.equal(res.headers.get('www-authenticate'), 'Bearer');
    t.notMatch(await res.text(), /signal-secret/, 'the refusal does not echo a token');
  }
  t.equal((await post('/dataflows/start', start('t1', 'X-PULL'))).status, 401, 'nor a registration or any other route without it');
  t.equal((await plane.flow('t1')), undefined, 'nothing was applied');

  const client = createSignalingClient(base, { token: () => 'signal-secret-0123456789' });
  await client.registerControlPlane({ controlplaneId: 'cp', endpoint: cp.endpoint, authorization: { type: 'bearer', token: 'callback-secret' } });
  t.equal((await client.start(start('t1', 'X-PULL'))).status, 200, 'the right token is let in');
  await plane.completed('t1');
  t.match(cp.calls, [{ path: '/signaling/transfers/t1/dataflow/completed', authorization: 'Bearer callback-secret' }], 'the callback carries the registered token');
  t.equal((await plane.signaling.status('t1')).state, 'COMPLETED', 'in-process calls need no token');
});
