import { request } from 'node:http';
import Router from '@koa/router';
import t from 'tap';
import { gate, routesPlugin, startHttp } from './test-support/http-test-kit.ts';

function echoRouter(): Router {
  const router = new Router();
  router.post('/echo', (ctx) => {
    ctx.body = { body: ctx.request.body ?? null };
  });
  return router;
}

const json = (body: unknown, type = 'application/json') => ({ method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });

t.test('JSON bodies of every JSON media type are parsed', async (t) => {
  const { url } = await startHttp(t, { plugins: [routesPlugin('test-echo', [{ context: 'management', router: echoRouter() }])] });
  const echo = `${url('management')}/echo`;
  for (const type of ['application/json', 'application/json; charset=utf-8', 'application/ld+json', 'application/vnd.example+json']) {
    t.same(await (await fetch(echo, json({ '@id': 'x' }, type))).json(), { body: { '@id': 'x' } }, type);
  }
  const text = await fetch(echo, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"@id":"x"}' });
  t.same(await text.json(), { body: null }, 'other types are not parsed');
});

t.test('the body limit applies per context and is 413 beyond it', async (t) => {
  const { url } = await startHttp(t, {
    settings: { maxBodyBytes: 100, contexts: { protocol: { maxBodyBytes: 10_000 } } },
    plugins: [routesPlugin('test-echo', [{ context: 'management', router: echoRouter() }, { context: 'protocol', router: echoRouter() }])],
  });
  const body = { blob: 'x'.repeat(200) };
  const tooLarge = await fetch(`${url('management')}/echo`, json(body));
  t.equal(tooLarge.status, 413);
  t.match(await tooLarge.json(), { detail: 'The request body is larger than the 100 bytes this API accepts.' });
  const fine = await fetch(`${url('protocol')}/echo`, json(body));
  t.equal(fine.status, 200, 'the context override raises it');
  t.same(await fine.json(), { body });
});

t.test('a non-JSON body reaches the route as an unbuffered stream', async (t) => {
  const firstChunkSeen = gate();
  const router = new Router();
  router.put('/upload', async (ctx) => {
    let bytes = 0;
    for await (const chunk of ctx.req) {
      if (bytes === 0) firstChunkSeen.open();
      bytes += (chunk as Buffer).length;
    }
    ctx.body = { bytes, parsed: ctx.request.body !== undefined };
  });
  const { url } = await startHttp(t, {
    settings: { maxBodyBytes: 1_000 },
    plugins: [routesPlugin('test-upload', [{ context: 'public', router }])],
  });

  const chunk = Buffer.alloc(64 * 1024, 1);
  const chunks = 40; // 2.5 MB, far over the JSON limit
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url('public')}/upload`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (body += part));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.write(chunk);
    // The rest is sent only once the route has seen the first chunk: a buffering server would never get there.
    void firstChunkSeen.promise.then(async () => {
      for (let i = 1; i < chunks; i++) if (!req.write(chunk)) await new Promise((resolve) => req.once('drain', resolve));
      req.end();
    });
  });
  const { status, body } = await response;
  t.equal(status, 200);
  t.same(JSON.parse(body), { bytes: chunk.length * chunks, parsed: false });
});
