/**
 * The polling of followTenant against a scripted tenant API on loopback: back-off while nothing
 * changes, waiting out a runtime that answers 503 meanwhile, the deadline and Ctrl-C.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { followTenant } from './follow-tenant.ts';
import { createManagementClient } from './management-client.ts';
import { createProgressLines } from './progress-lines.ts';
import { tenantDetails as tenant } from './test-support/tenant-details.ts';

/** Serves `answers` in turn (the last one for ever) and records when each request came. */
async function scriptedApi(t: Test, answers: Array<(res: ServerResponse) => void>) {
  const times: number[] = [];
  const server = createServer((req, res) => {
    times.push(Date.now());
    answers[Math.min(times.length, answers.length) - 1]!(res);
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const client = createManagementClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/management`, token: 'x' });
  return { client, times };
}

const json = (body: unknown, status = 200) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'application/problem+json' });
  res.end(JSON.stringify(body));
};

t.test('polls faster while things change and backs off while they do not', async (t) => {
  const { client, times } = await scriptedApi(t, [...Array(5).fill(json(tenant('PROVISIONING'))), json(tenant('ACTIVE'))]);
  const lines: string[] = [];
  const result = await followTenant(client, 'acme', { whileState: 'PROVISIONING', timeoutMs: 10_000, interrupt: new AbortController().signal, view: createProgressLines((l) => lines.push(l)) });
  t.equal(result.outcome, 'settled');
  t.equal(result.tenant?.state, 'ACTIVE');
  const gaps = times.slice(1).map((time, i) => time - times[i]!);
  t.equal(gaps.length, 5);
  // Nominally 200, 300, 450, 675, 1012 ms; the bounds leave room for a loaded machine.
  t.ok(gaps[0]! >= 190, `the first wait is the first interval (${gaps.join(', ')} ms)`);
  t.ok(gaps[4]! > 2 * gaps[1]!, `the waits grow while nothing changes (${gaps.join(', ')} ms)`);
  t.same(lines, ['tenant acme: PROVISIONING, workflow provision:acme (provision-tenant)', 'tenant acme: ACTIVE']);
});

t.test('a 503 meanwhile is waited out and said once', async (t) => {
  const unavailable = json({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'TDSS is not ready yet' }, 503);
  const { client } = await scriptedApi(t, [json(tenant('PROVISIONING')), unavailable, unavailable, json(tenant('ACTIVE'))]);
  const lines: string[] = [];
  const result = await followTenant(client, 'acme', { whileState: 'PROVISIONING', timeoutMs: 20_000, interrupt: new AbortController().signal, view: createProgressLines((l) => lines.push(l)) });
  t.equal(result.outcome, 'settled');
  t.same(lines.slice(1, 3), [
    'tdss tenant: Service Unavailable: TDSS is not ready yet; retrying until the timeout',
    `tenant acme: ${client.url} answers again`,
  ]);
});

t.test('a refusal other than 5xx ends the following at once', async (t) => {
  const { client } = await scriptedApi(t, [json({ title: 'Unauthorized', status: 401, detail: 'no' }, 401)]);
  const error = await followTenant(client, 'acme', { whileState: 'PROVISIONING', timeoutMs: 20_000, interrupt: new AbortController().signal, view: createProgressLines(() => {}) }).catch((e: unknown) => e);
  t.match(error, { message: /^tdss tenant: Unauthorized: no/, exitCode: 1 });
});

t.test('the deadline and Ctrl-C end the following with the last tenant seen', async (t) => {
  const { client } = await scriptedApi(t, [json(tenant('PROVISIONING'))]);
  const started = Date.now();
  const timedOut = await followTenant(client, 'acme', { whileState: 'PROVISIONING', timeoutMs: 500, interrupt: new AbortController().signal, view: createProgressLines(() => {}) });
  t.equal(timedOut.outcome, 'timeout');
  t.equal(timedOut.tenant?.state, 'PROVISIONING');
  t.ok(Date.now() - started < 1_000, 'not much later than the deadline');

  const interrupt = new AbortController();
  setTimeout(() => interrupt.abort(), 300);
  const stoppedAt = Date.now();
  const interrupted = await followTenant(client, 'acme', { whileState: 'PROVISIONING', timeoutMs: 60_000, interrupt: interrupt.signal, view: createProgressLines(() => {}) });
  t.equal(interrupted.outcome, 'interrupted');
  t.ok(Date.now() - stoppedAt < 800, 'stops during the wait, not after it');
});
