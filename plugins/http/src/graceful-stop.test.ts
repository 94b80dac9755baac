import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import Router from '@koa/router';
import t from 'tap';
import { gate, routesPlugin, startHttp } from './test-support/http-test-kit.ts';

interface Reply {
  status: number;
  connection: string | undefined;
  body: string;
}

function get(url: string, agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (body += part));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function accepts(port: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function slowRoutes(entered: { open(): void }, release: Promise<void>) {
  const router = new Router();
  router.get('/slow', async (ctx) => {
    entered.open();
    await release;
    ctx.body = { finished: true };
  });
  router.get('/fast', (ctx) => {
    ctx.body = { fast: true };
  });
  return routesPlugin('test-slow', [{ context: 'management', router }]);
}

t.test('stop lets in-flight requests finish, refuses new connections and closes the connection after', async (t) => {
  const entered = gate();
  const release = gate();
  const { url, runtime } = await startHttp(t, { settings: { drainTimeoutMs: 30_000 }, plugins: [slowRoutes(entered, release.promise)] });
  const port = new URL(url('management')).port;
  const agent = new Agent({ keepAlive: true });
  t.teardown(() => agent.destroy());

  const inFlight = get(`${url('management')}/slow`, agent);
  await entered.promise;
  let stopped = false;
  const stopping = runtime.stop().then(() => (stopped = true));
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.notOk(stopped, 'stop waits for the in-flight request');
  t.notOk(await accepts(port), 'no new connections once stopping');

  release.open();
  const reply = await inFlight;
  t.equal(reply.status, 200);
  t.same(JSON.parse(reply.body), { finished: true });
  t.equal(reply.connection, 'close', 'the keep-alive connection is not kept');
  await stopping;
  t.ok(stopped);
});

t.test('idle keep-alive connections do not hold up stop', async (t) => {
  const { url, runtime } = await startHttp(t, { settings: { drainTimeoutMs: 30_000 }, plugins: [slowRoutes(gate(), Promise.resolve())] });
  const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  t.teardown(() => agent.destroy());
  const reply = await get(`${url('management')}/fast`, agent);
  t.equal(reply.connection, 'keep-alive', 'the connection stays open after the response');

  const began = performance.now();
  await runtime.stop();
  t.ok(performance.now() - began < 2_000, 'stop does not wait for the idle connection to time out');
});

t.test('a request that outlives the drain bound is cut', async (t) => {
  const entered = gate();
  const { url, runtime } = await startHttp(t, { settings: { drainTimeoutMs: 200 }, plugins: [slowRoutes(entered, new Promise(() => undefined))] });
  const inFlight = get(`${url('management')}/slow`);
  inFlight.catch(() => undefined);
  await entered.promise;
  const began = performance.now();
  await runtime.stop();
  const took = performance.now() - began;
  t.ok(took >= 150 && took < 2_000, `stop waited for the bound (${Math.round(took)} ms)`);
  await t.rejects(inFlight, /socket hang up|ECONNRESET/, 'the client sees the connection cut');
});

t.test('the connection of a rejected upload does not hold up stop once it falls idle', async (t) => {
  const { url, runtime } = await startHttp(t, { settings: { drainTimeoutMs: 30_000, maxBodyBytes: 10 }, plugins: [slowRoutes(gate(), Promise.resolve())] });
  const fast = `${url('management')}/fast`;
  const rejected = await fetch(fast, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ blob: 'x'.repeat(2_000_000) }) });
  t.equal(rejected.status, 413);
  await rejected.arrayBuffer();
  const began = performance.now();
  await runtime.stop();
  t.ok(performance.now() - began < 2_000, `stop took ${Math.round(performance.now() - began)} ms`);
});
