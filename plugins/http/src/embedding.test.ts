import { connect } from 'node:net';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import t from 'tap';
import { freePort, routesPlugin, startHttp } from './test-support/http-test-kit.ts';

function whoRouter(label: string): Router {
  const router = new Router();
  router.get('/who', (ctx) => {
    ctx.body = { label };
  });
  return router;
}

const routes = routesPlugin('test-routes', [
  { context: 'management', router: whoRouter('management') },
  { context: 'protocol', router: whoRouter('protocol') },
]);

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

t.test('listen: false opens no port; url() gives relative paths', async (t) => {
  const port = await freePort();
  const { url } = await startHttp(t, { settings: { listen: false, port }, plugins: [routes] });
  t.ok(await refused(port), 'nothing listens on the configured port');
  t.equal(url('management'), '/management');
  t.equal(url('observability'), '');
});

t.test('the handler serves every context by path under a host prefix the host strips', async (t) => {
  const { http } = await startHttp(t, {
    // Contexts on different ports: the handler ignores ports.
    settings: { listen: false, contexts: { protocol: { port: 9 } } },
    plugins: [routes],
  });
  const host = createServer((req, res) => {
    if (req.url?.startsWith('/tdss/')) {
      req.url = req.url.slice('/tdss'.length);
      http.handler(req, res);
      return;
    }
    res.statusCode = 418;
    res.end('the host answers');
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => host.close(resolve)));
  const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

  t.same(await (await fetch(`${origin}/tdss/management/who`)).json(), { label: 'management' });
  t.same(await (await fetch(`${origin}/tdss/protocol/who`)).json(), { label: 'protocol' });
  const live = await fetch(`${origin}/tdss/health/live`);
  t.equal(live.status, 200);
  t.same(await live.json(), { live: true, state: 'running' });
  const missing = await fetch(`${origin}/tdss/management/missing`);
  t.equal(missing.status, 404);
  t.equal(missing.headers.get('content-type'), 'application/problem+json');
  t.match(await missing.json(), { instance: '/management/missing' });
  t.equal((await fetch(`${origin}/elsewhere`)).status, 418, 'the rest stays the host’s');
});
