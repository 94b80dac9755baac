import { problems } from '@tdss/sdk';
import t from 'tap';
import { toProblem } from './to-problem.ts';

const httpError = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { status, ...extra });

t.test('ProblemError passes through with its instance', async (t) => {
  t.match(toProblem(problems.notFound('No asset 7.'), '/m/assets/7', 'r1'), {
    problem: { status: 404, detail: 'No asset 7.', instance: '/m/assets/7', type: 'https://tdss.dev/problems/not-found' },
    unexpected: false,
  });
});

t.test('client errors get a safe detail', async (t) => {
  const tooLarge = toProblem(httpError(413, 'request entity too large', { type: 'entity.too.large', limit: 100, expose: true }), '/x', 'r');
  t.equal(tooLarge.problem.detail, 'The request body is larger than the 100 bytes this API accepts.');
  const syntax = Object.assign(new SyntaxError('Unexpected token s in "secret"'), { status: 400, body: 'secret' });
  t.equal(toProblem(syntax, '/x', 'r').problem.detail, 'The request body is not valid JSON.');
  t.equal(toProblem(httpError(409, 'exposed words', { expose: true }), '/x', 'r').problem.detail, 'exposed words');
  t.equal(toProblem(httpError(400, 'internal words'), '/x', 'r').problem.detail, 'The request could not be processed (Bad Request).');
  t.match(toProblem(httpError(401, 'no', { expose: true, headers: { 'WWW-Authenticate': 'Bearer', bad: 1 } }), '/x', 'r').headers, {
    'WWW-Authenticate': 'Bearer',
  });
});

t.test('anything else is unexpected and says only the request id', async (t) => {
  const plain = toProblem(new Error('password=hunter2'), '/x', 'req-9');
  t.same(plain, {
    problem: { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'An unexpected error happened. Quote request id req-9 when you report it.', instance: '/x' },
    unexpected: true,
    headers: {},
  });
  t.equal(toProblem('a string', '/x', 'r').problem.status, 500);
  t.equal(toProblem(httpError(502, 'upstream said hunter2'), '/x', 'r').problem.status, 502, 'server-side http errors keep their status');
  t.notMatch(toProblem(httpError(502, 'upstream said hunter2'), '/x', 'r').problem.detail, 'hunter2');
  t.equal(toProblem(httpError(700, 'odd'), '/x', 'r').problem.status, 500, 'a status that is no error status is ignored');
});
