import Router from '@koa/router';
import { definePlugin, HealthChecks, HttpRoutes, HttpServer } from '@tdss/sdk';
import t from 'tap';
import { gate, routesPlugin, startHttp, waitFor } from './test-support/http-test-kit.ts';

function okRouter(): Router {
  const router = new Router();
  router.get('/ok', (ctx) => {
    ctx.body = { ok: true };
  });
  return router;
}

/** Starts after the HTTP plugin (it requires HttpServer) and holds start-up until the test opens the gate. */
function slowStarter(started: Promise<void>) {
  return definePlugin({
    name: 'test-slow-starter',
    version: '0.0.0',
    requires: [HttpServer],
    start: () => started,
  });
}

t.test('before the runtime runs, API requests get 503 and observability answers', async (t) => {
  const starting = gate();
  const { url, runtime } = await startHttp(t, {
    awaitStart: false,
    plugins: [routesPlugin('test-routes', [{ context: 'management', router: okRouter() }]), slowStarter(starting.promise)],
  });
  t.equal(runtime.state, 'starting');

  const early = await fetch(`${url('management')}/ok`);
  t.equal(early.status, 503);
  t.equal(early.headers.get('retry-after'), '5');
  t.equal(early.headers.get('content-type'), 'application/problem+json');
  t.match(await early.json(), { status: 503, detail: /not ready \(it is starting\)/, instance: '/management/ok' });

  const live = await fetch(`${url('observability')}/health/live`);
  t.equal(live.status, 200, 'alive while starting');
  t.same(await live.json(), { live: true, state: 'starting' });
  const ready = await fetch(`${url('observability')}/health/ready`);
  t.equal(ready.status, 503, 'not ready while starting');
  t.match(await ready.json(), { ready: false, state: 'starting' });

  starting.open();
  await runtime.ready;
  const later = await fetch(`${url('management')}/ok`);
  t.equal(later.status, 200);
  t.same(await later.json(), { ok: true });
  const readyNow = await fetch(`${url('observability')}/health/ready`);
  t.equal(readyNow.status, 200);
  t.same(await readyNow.json(), { ready: true, state: 'running', checks: [] });
});

t.test('readiness lists every check and is 503 when one fails', async (t) => {
  let databaseUp = true;
  const checks = definePlugin({
    name: 'test-checks',
    version: '0.0.0',
    contributes: [HealthChecks],
    register(ctx) {
      ctx.contribute(HealthChecks, { name: 'database', check: () => ({ healthy: databaseUp, detail: databaseUp ? 'reachable' : 'connection refused' }) });
      ctx.contribute(HealthChecks, { name: 'broker', check: () => ({ healthy: true }) });
    },
  });
  const { url } = await startHttp(t, { plugins: [checks] });
  const readiness = `${url('observability')}/health/ready`;

  const up = await fetch(readiness);
  t.equal(up.status, 200);
  t.same(await up.json(), {
    ready: true,
    state: 'running',
    checks: [
      { name: 'database', healthy: true, detail: 'reachable' },
      { name: 'broker', healthy: true },
    ],
  });

  databaseUp = false;
  const down = await fetch(readiness);
  t.equal(down.status, 503);
  t.match(await down.json(), { ready: false, state: 'running', checks: [{ name: 'database', healthy: false, detail: 'connection refused' }, { name: 'broker', healthy: true }] });
  t.equal((await fetch(`${url('observability')}/health/live`)).status, 200, 'a failing check does not make the process dead');
});

t.test('while stopping, liveness is 503 and API requests get 503', async (t) => {
  const stopping = gate();
  // It started after the HTTP plugin, so it drains first, while the servers still answer.
  const holdsStop = definePlugin({
    name: 'test-slow-drainer',
    version: '0.0.0',
    requires: [HttpServer],
    contributes: [HttpRoutes],
    register(ctx) {
      ctx.contribute(HttpRoutes, { context: 'management', router: okRouter() });
    },
    drain: () => stopping.promise,
  });
  const { url, runtime } = await startHttp(t, { plugins: [holdsStop] });
  const stopped = runtime.stop();
  await waitFor(() => runtime.state === 'stopping');
  const live = await fetch(`${url('observability')}/health/live`);
  t.equal(live.status, 503);
  t.same(await live.json(), { live: false, state: 'stopping' });
  t.equal((await fetch(`${url('management')}/ok`)).status, 503);
  stopping.open();
  await stopped;
});
