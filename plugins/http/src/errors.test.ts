import Router from '@koa/router';
import { problems, ProblemError } from '@tdss/sdk';
import t from 'tap';
import { routesPlugin, startHttp, waitFor } from './test-support/http-test-kit.ts';

const SECRET = 'db-password-hunter2';

function failingRouter(): Router {
  const router = new Router();
  router.get('/problem', () => {
    throw problems.conflict('The asset is already registered.');
  });
  router.get('/problem-with-extensions', () => {
    throw new ProblemError(422, 'The policy is invalid.', { type: 'invalid-policy', extensions: { field: 'permission' } });
  });
  router.get('/crash', (ctx) => {
    ctx.set('X-Half-Done', 'yes');
    throw new Error(`connect failed for postgres://app:${SECRET}@db`);
  });
  router.get('/koa-throw', (ctx) => ctx.throw(418, 'I am a teapot'));
  router.get('/unauthorized', () => {
    throw Object.assign(problems.unauthorized('A bearer token is required.'), { headers: { 'WWW-Authenticate': 'Bearer' } });
  });
  router.get('/bare-status', (ctx) => {
    ctx.status = 403;
  });
  router.post('/items', (ctx) => {
    ctx.body = { received: ctx.request.body };
  });
  router.put('/items', (ctx) => {
    ctx.body = {};
  });
  return router;
}

async function problemOf(response: Response) {
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

t.test('errors are RFC 9457 problems', async (t) => {
  const { url, logs } = await startHttp(t, { plugins: [routesPlugin('test-errors', [{ context: 'management', router: failingRouter() }])] });
  const base = url('management');

  t.test('ProblemError keeps its status, type, detail and extensions', async (t) => {
    const conflict = await problemOf(await fetch(`${base}/problem`));
    t.equal(conflict.type, 'application/problem+json');
    t.match(conflict, {
      status: 409,
      body: { type: 'https://tdss.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'The asset is already registered.', instance: '/management/problem' },
    });
    t.type(conflict.body.requestId, 'string');
    const invalid = await problemOf(await fetch(`${base}/problem-with-extensions`));
    t.match(invalid.body, { status: 422, type: 'https://tdss.dev/problems/invalid-policy', field: 'permission' });
  });

  t.test('an unexpected error is a 500 that leaks nothing but the request id', async (t) => {
    const response = await fetch(`${base}/crash`);
    const requestId = response.headers.get('x-request-id')!;
    const text = await response.text();
    t.equal(response.status, 500);
    t.equal(response.headers.get('content-type'), 'application/problem+json');
    t.equal(response.headers.get('x-half-done'), null, 'headers of the failed route are dropped');
    t.notMatch(text, SECRET);
    t.notMatch(text, /connect failed|at .*\.ts:\d+/, 'neither message nor stack');
    t.same(JSON.parse(text), {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: `An unexpected error happened. Quote request id ${requestId} when you report it.`,
      instance: '/management/crash',
      requestId,
    });
    await waitFor(() => logs.lines.some((l) => l.msg === 'request failed with an unexpected error' && l.reqId === requestId));
    const logged = logs.lines.find((l) => l.msg === 'request failed with an unexpected error')!;
    t.match(logged, { level: 'error', reqId: requestId, err: { message: /connect failed/, stack: /crash|Error/ } }, 'the log has the error and stack');
  });

  t.test('koa http errors keep their status; ones with headers send them', async (t) => {
    t.match(await problemOf(await fetch(`${base}/koa-throw`)), { status: 418, type: 'application/problem+json', body: { detail: 'I am a teapot' } });
    const unauthorized = await fetch(`${base}/unauthorized`);
    t.equal(unauthorized.status, 401);
    t.equal(unauthorized.headers.get('www-authenticate'), 'Bearer');
    t.ok(unauthorized.headers.get('x-request-id'), 'the request id survives the header reset');
  });

  t.test('an error status without a body gets a problem body', async (t) => {
    t.match(await problemOf(await fetch(`${base}/bare-status`)), { status: 403, type: 'application/problem+json', body: { title: 'Forbidden' } });
  });

  t.test('an unknown path is 404', async (t) => {
    t.match(await problemOf(await fetch(`${base}/nothing/here?q=1`)), {
      status: 404,
      type: 'application/problem+json',
      body: { title: 'Not Found', detail: 'No resource at /management/nothing/here.', instance: '/management/nothing/here' },
    });
  });

  t.test('a wrong method is 405 with Allow across routers; OPTIONS lists the methods', async (t) => {
    const response = await fetch(`${base}/items`, { method: 'DELETE' });
    t.equal(response.status, 405);
    t.equal(response.headers.get('allow'), 'POST, PUT');
    t.match(await problemOf(response), { type: 'application/problem+json', body: { status: 405, title: 'Method Not Allowed' } });
    const options = await fetch(`${base}/items`, { method: 'OPTIONS' });
    t.equal(options.status, 204);
    t.equal(options.headers.get('allow'), 'POST, PUT');
  });

  t.test('malformed JSON is 400 without echoing the body', async (t) => {
    const response = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"x": ${SECRET}` });
    const problem = await problemOf(response);
    t.match(problem, { status: 400, type: 'application/problem+json', body: { title: 'Bad Request', detail: 'The request body is not valid JSON.' } });
    t.notMatch(JSON.stringify(problem.body), SECRET);
  });

  t.test('an unsupported content encoding is 415', async (t) => {
    const encoding = await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'bogus' },
      body: '{}',
    });
    t.match(await problemOf(encoding), {
      status: 415,
      type: 'application/problem+json',
      body: { title: 'Unsupported Media Type', detail: 'The request body uses a content encoding this API does not accept.' },
    });
  });

  t.test('a body over the limit is 413', async (t) => {
    const response = await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(1_100_000) }),
    });
    t.match(await problemOf(response), {
      status: 413,
      type: 'application/problem+json',
      body: { title: 'Content Too Large', detail: 'The request body is larger than the 1048576 bytes this API accepts.' },
    });
  });
});
