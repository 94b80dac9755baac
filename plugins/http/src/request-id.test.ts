import Router from '@koa/router';
import { definePlugin, HttpRoutes } from '@tdss/sdk';
import t from 'tap';
import { startHttp, waitFor } from './test-support/http-test-kit.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A route that logs through its plugin's logger after an await, as real handlers do. */
const loggingRoutes = definePlugin({
  name: 'test-logging-routes',
  version: '0.0.0',
  contributes: [HttpRoutes],
  register(ctx) {
    const router = new Router();
    router.get('/work', async (koa) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      ctx.logger.info({ step: 'working' }, 'doing the work');
      koa.body = { done: true };
    });
    ctx.contribute(HttpRoutes, { context: 'management', router });
  },
});

t.test('request ids', async (t) => {
  const { url, logs } = await startHttp(t, { plugins: [loggingRoutes] });
  const work = `${url('management')}/work?token=abc`;

  t.test('a sane incoming id is echoed', async (t) => {
    const response = await fetch(work, { headers: { 'X-Request-Id': 'trace-42.a:b_c' } });
    t.equal(response.headers.get('x-request-id'), 'trace-42.a:b_c');
  });

  t.test('an absent, overlong or odd id is replaced by a fresh one', async (t) => {
    const ids = [];
    for (const headers of [{}, { 'X-Request-Id': 'a'.repeat(129) }, { 'X-Request-Id': 'x<script>' }, { 'X-Request-Id': '-leading' }]) {
      const id = (await fetch(work, { headers })).headers.get('x-request-id');
      t.match(id, UUID);
      ids.push(id);
    }
    t.equal(new Set(ids).size, ids.length, 'every request gets its own');
  });

  t.test('error responses carry the id too', async (t) => {
    const response = await fetch(`${url('management')}/missing`, { headers: { 'X-Request-Id': 'err-1' } });
    t.equal(response.status, 404);
    t.equal(response.headers.get('x-request-id'), 'err-1');
    t.match(await response.json(), { requestId: 'err-1' });
  });

  t.test('every log line of the request carries the id; one access line without the query', async (t) => {
    await fetch(work, { headers: { 'X-Request-Id': 'logged-1' } });
    await waitFor(() => logs.lines.some((l) => l.reqId === 'logged-1' && l.msg === 'request'));
    const lines = logs.lines.filter((l) => l.reqId === 'logged-1');
    t.match(lines.find((l) => l.msg === 'doing the work'), { plugin: 'test-logging-routes', step: 'working' }, 'the route log line');
    const access = lines.filter((l) => l.msg === 'request');
    t.equal(access.length, 1, 'one access line');
    t.match(access[0], { level: 'info', plugin: '@tdss/http', method: 'GET', path: '/management/work', status: 200, context: 'management', ms: Number });
    t.notMatch(JSON.stringify(logs.lines), 'token=abc', 'the query string is never logged');
  });
});
