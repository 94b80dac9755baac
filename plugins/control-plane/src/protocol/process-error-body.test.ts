import { createDspJsonLd, DspMessageError, validateDsp } from '@tdss/json-ld';
import { ProblemError, problems } from '@tdss/sdk';
import t from 'tap';
import { processErrorBody, setProcessPids } from './process-error-body.ts';
import { checkCounterpartyPid, checkPathPid, MAX_PID_LENGTH, newProcessPid } from './process-pid.ts';

const jsonLd = createDspJsonLd();

/** Runs the middleware around `fail` with a koa-like context holding `body` as the parsed request body. */
async function answer(type: 'TransferError' | 'ContractNegotiationError', fail: (state: Record<string, unknown>) => never, body?: unknown) {
  const ctx = { state: {} as Record<string, unknown>, request: { body }, status: 200, body: undefined as unknown };
  await processErrorBody(jsonLd, type)(ctx as never, async () => fail(ctx.state));
  return ctx;
}

t.test('a client error becomes the protocol error body, naming the pids known', async (t) => {
  const named = await answer('TransferError', (state) => {
    setProcessPids(state, { providerPid: 'urn:uuid:p', consumerPid: 'urn:uuid:c' });
    throw new ProblemError(400, 'out of order');
  }, { providerPid: 'urn:uuid:sent' });
  t.equal(named.status, 400);
  t.same(named.body, { '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'TransferError', providerPid: 'urn:uuid:p', consumerPid: 'urn:uuid:c', code: '400', reason: ['out of order'] });
  t.same(validateDsp('TransferError', named.body), [], 'valid against the spec schema');

  const fromMessage = await answer('ContractNegotiationError', () => { throw problems.notFound('no such negotiation'); }, { consumerPid: 'urn:uuid:c' });
  t.match(fromMessage.body, { '@type': 'ContractNegotiationError', providerPid: '', consumerPid: 'urn:uuid:c', code: '404' }, "the message's pids when the handler named none; an unknown one empty");
  t.same(validateDsp('ContractNegotiationError', fromMessage.body), []);

  const invalid = await answer('TransferError', () => { throw new DspMessageError('invalid TransferStartMessage', [{ path: '/providerPid', message: 'must be string' }]); });
  t.same((invalid.body as { reason: string[] }).reason, ['invalid TransferStartMessage', '/providerPid: must be string'], 'each schema problem is a reason');
});

t.test('server errors and other failures are left to the HTTP plugin', async (t) => {
  await t.rejects(answer('TransferError', () => { throw problems.unavailable('no identity service'); }), { status: 503, message: 'no identity service' });
  await t.rejects(answer('TransferError', () => { throw new TypeError('bug'); }), TypeError);
});

t.test('process ids', async (t) => {
  t.match(newProcessPid(), /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.not(newProcessPid(), newProcessPid());
  t.equal(checkCounterpartyPid('consumerPid', 'x'), 'x');
  t.throws(() => checkCounterpartyPid('consumerPid', ''), { status: 400, message: /consumerPid: must have 1 to 255/ });
  t.throws(() => checkCounterpartyPid('consumerPid', 'x'.repeat(MAX_PID_LENGTH + 1)), { status: 400, message: /must have 1 to 255/ });
  t.doesNotThrow(() => checkPathPid('providerPid', 'a', 'a'));
  t.throws(() => checkPathPid('providerPid', 'b', 'a'), { status: 400, message: /providerPid: "b" differs from the process in the path, "a"/ });
});
