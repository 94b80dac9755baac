import Router from '@koa/router';
import t from 'tap';
import { freePort, routesPlugin, startHttp } from './test-support/http-test-kit.ts';

/** Answers with the context it was mounted in and the path its router saw. */
function whoRouter(label: string): Router {
  const router = new Router();
  router.get('/who', (ctx) => {
    ctx.body = { label, routerPath: ctx.path, originalUrl: ctx.originalUrl };
  });
  return router;
}

const routes = (...contexts: string[]) => routesPlugin('test-routes', contexts.map((context) => ({ context, router: whoRouter(context) })));

t.test('contexts on one host and port share a server and are told apart by path', async (t) => {
  const { url } = await startHttp(t, { plugins: [routes('management', 'protocol')] });
  const management = new URL(url('management'));
  const protocol = new URL(url('protocol'));
  t.equal(management.port, protocol.port, 'one port');
  t.not(management.port, '0', 'the real ephemeral port, not the setting');
  t.equal(management.pathname, '/management');
  t.equal(protocol.pathname, '/protocol');
  t.equal(url('observability'), management.origin, 'observability sits at the root');

  const m = await fetch(`${url('management')}/who?x=1`);
  t.same(await m.json(), { label: 'management', routerPath: '/who', originalUrl: '/management/who?x=1' });
  const p = await fetch(`${url('protocol')}/who`);
  t.same(await p.json(), { label: 'protocol', routerPath: '/who', originalUrl: '/protocol/who' });

  const live = await fetch(`${management.origin}/health/live`);
  t.equal(live.status, 200, 'observability shares the port');

  const neighbour = await fetch(`${management.origin}/managementx/who`);
  t.equal(neighbour.status, 404, 'a prefix matches whole segments only');
  t.equal(neighbour.headers.get('content-type'), 'application/problem+json');
});

t.test('the longest context path wins', async (t) => {
  const { url } = await startHttp(t, {
    settings: { contexts: { management: { path: '/api' }, protocol: { path: '/api/dsp' } } },
    plugins: [routes('management', 'protocol')],
  });
  const origin = new URL(url('management')).origin;
  t.match(await (await fetch(`${origin}/api/dsp/who`)).json(), { label: 'protocol', routerPath: '/who' });
  t.match(await (await fetch(`${origin}/api/who`)).json(), { label: 'management', routerPath: '/who' });
  t.match(await (await fetch(`${origin}/api/dsp`)).json(), { status: 404, instance: '/api/dsp' }, 'the bare context path is its root');
});

t.test('a context on its own port gets its own server', async (t) => {
  const port = await freePort();
  const { url } = await startHttp(t, { settings: { contexts: { protocol: { port } } }, plugins: [routes('management', 'protocol')] });
  const management = new URL(url('management'));
  t.equal(url('protocol'), `http://127.0.0.1:${port}/protocol`);
  t.not(management.port, String(port));

  t.match(await (await fetch(`${url('protocol')}/who`)).json(), { label: 'protocol' });
  t.match(await (await fetch(`${url('management')}/who`)).json(), { label: 'management' });

  const wrongPort = await fetch(`http://127.0.0.1:${port}/management/who`);
  t.equal(wrongPort.status, 404, 'management is not served on the protocol port');
  t.equal(wrongPort.headers.get('content-type'), 'application/problem+json');
  t.ok(wrongPort.headers.get('x-request-id'), 'even requests no context takes get a request id');
  const noProbes = await fetch(`http://127.0.0.1:${port}/health/live`);
  t.equal(noProbes.status, 404, 'observability stays on its own port');
});

t.test('a profile adds a context; publicUrl overrides the bound address', async (t) => {
  const { url, http } = await startHttp(t, {
    settings: { contexts: { billing: {}, public: { publicUrl: 'https://data.example.com/pub/' } } },
    plugins: [routes('billing')],
  });
  t.match(url('billing'), /^http:\/\/127\.0\.0\.1:\d+\/billing$/, 'a new context defaults to /<name>');
  t.match(await (await fetch(`${url('billing')}/who`)).json(), { label: 'billing', routerPath: '/who' });
  t.equal(url('public'), 'https://data.example.com/pub', 'publicUrl without its trailing slash');
  t.throws(() => http.url('nope'), /unknown API context "nope"; known contexts: management, protocol, signaling, public, identity, observability, billing/);
});

t.test('routes for an unknown context fail start-up naming it and the known ones', async (t) => {
  await t.rejects(
    startHttp(t, { plugins: [routes('billing')] }),
    /unknown API context "billing"; known contexts: management, protocol, signaling, public, identity, observability/,
  );
});

t.test('two contexts with one path on one listener fail start-up', async (t) => {
  await t.rejects(startHttp(t, { settings: { contexts: { identity: { path: '/protocol' } } } }), /contexts protocol and identity both use path "\/protocol"/);
});

t.test('a port that is taken fails start-up naming the contexts and the address', async (t) => {
  const first = await startHttp(t);
  const port = new URL(first.url('management')).port;
  await t.rejects(startHttp(t, { settings: { port: Number(port) } }), /cannot listen on 127\.0\.0\.1:\d+ for context\(s\) management, protocol, signaling, public, identity, observability/);
});
