/** did:web over real HTTP against a small loopback server that misbehaves on request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import t, { type Test } from 'tap';
import { startLocalServer } from '../test-support/identity-runtime.ts';
import { createDidResolver } from './create-did-resolver.ts';
import { DidResolutionError } from './did-resolution-error.ts';
import { createDidWebResolver } from './did-web-resolver.ts';
import { createResolutionCache } from './resolution-cache.ts';

interface Limits {
  maxBytes?: number;
  timeoutMs?: number;
  ttlMs?: number;
  httpLoopback?: boolean;
}

function webResolver(limits: Limits = {}) {
  return createDidResolver({
    resolvers: [createDidWebResolver({ maxBytes: limits.maxBytes ?? 10_000, httpLoopback: limits.httpLoopback ?? true })],
    cache: createResolutionCache({ ttlMs: limits.ttlMs ?? 0, maxEntries: 100 }),
    timeoutMs: limits.timeoutMs ?? 2_000,
  });
}

/** A server answering `handle`, and the DID whose document path is /users/alice/did.json on it. */
async function serve(t: Test, handle: (req: IncomingMessage, res: ServerResponse, did: string) => void) {
  const requests: IncomingMessage[] = [];
  let did = '';
  const { port } = await startLocalServer(t, (req, res) => {
    requests.push(req);
    handle(req, res, did);
  });
  did = `did:web:127.0.0.1%3A${port}:users:alice`;
  return { did, port, requests };
}

const sendJson = (res: ServerResponse, value: unknown, status = 200) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

async function failure(promise: Promise<unknown>): Promise<DidResolutionError> {
  const error = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  if (!(error instanceof DidResolutionError)) throw new Error(`expected a DidResolutionError, got ${String(error)}`);
  return error;
}

t.test('fetches the document from the path the DID names, asking for JSON', async (t) => {
  const { did, requests } = await serve(t, (_req, res, did) => sendJson(res, { id: did, verificationMethod: [] }));
  t.same(await webResolver().resolve(`${did}#key-1`), { id: did, verificationMethod: [] });
  t.equal(requests[0]!.url, '/users/alice/did.json');
  t.match(requests[0]!.headers.accept, 'application/did+json');
});

t.test('a DID without a path is fetched from /.well-known/did.json', async (t) => {
  const { port, requests } = await serve(t, (req, res) => sendJson(res, { id: `did:web:127.0.0.1%3A${req.socket.localPort}` }));
  await webResolver().resolve(`did:web:127.0.0.1%3A${port}`);
  t.equal(requests[0]!.url, '/.well-known/did.json');
});

t.test('a loopback host is refused unless didWebHttpLoopback allows http for it', async (t) => {
  const { did, requests } = await serve(t, (_req, res, did) => sendJson(res, { id: did }));
  t.equal((await failure(webResolver({ httpLoopback: false }).resolve(did))).code, 'invalidDid');
  t.equal(requests.length, 0, 'nothing was fetched');
});

t.test('answers other than 200 fail: 404 and 410 as notFound, others and redirects as unreachable', async (t) => {
  const statuses = [404, 410, 500, 302];
  const { did, requests } = await serve(t, (_req, res) => {
    const status = statuses[requests.length - 1]!;
    res.writeHead(status, status === 302 ? { location: '/elsewhere/did.json' } : {});
    res.end();
  });
  const resolver = webResolver();
  t.equal((await failure(resolver.resolve(did))).code, 'notFound');
  t.equal((await failure(resolver.resolve(did))).code, 'notFound');
  const serverError = await failure(resolver.resolve(did));
  t.equal(serverError.code, 'unreachable');
  t.match(serverError.message, 'answered 500');
  t.equal((await failure(resolver.resolve(did))).code, 'unreachable', 'a redirect is not followed');
  t.same(
    requests.map((r) => r.url),
    ['/users/alice/did.json', '/users/alice/did.json', '/users/alice/did.json', '/users/alice/did.json'],
    'the redirect target was never requested',
  );
});

t.test('a body over maxBytes fails, whether announced or streamed without a length', async (t) => {
  let chunksSent = 0;
  const { did, requests } = await serve(t, (_req, res, did) => {
    if (requests.length === 1) {
      const body = JSON.stringify({ id: did, padding: 'x'.repeat(5_000) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    // No Content-Length: 200 chunks of 1000 bytes, unless the client goes away first.
    res.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => {
      if (res.destroyed || chunksSent >= 200) {
        clearInterval(timer);
        res.end();
        return;
      }
      chunksSent++;
      res.write(' '.repeat(1_000));
    }, 2);
  });
  const resolver = webResolver({ maxBytes: 4_000 });
  t.equal((await failure(resolver.resolve(did))).code, 'tooLarge', 'announced by Content-Length');
  t.equal((await failure(resolver.resolve(did))).code, 'tooLarge', 'streamed');
  t.ok(chunksSent < 200, `reading stopped early (${chunksSent} of 200 chunks were sent)`);
});

t.test('a server that never answers, or stalls in the body, fails at the time bound', async (t) => {
  const { did, requests } = await serve(t, (_req, res) => {
    // The first request gets no answer at all; the second gets headers and half a body.
    if (requests.length === 2) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
    }
  });
  const resolver = webResolver({ timeoutMs: 100 });
  for (const what of ['no answer', 'stalled body']) {
    const began = Date.now();
    t.equal((await failure(resolver.resolve(did))).code, 'timeout', what);
    t.ok(Date.now() - began < 1_500, `${what}: fails near the bound`);
  }
});

t.test('what is not a DID document for this DID fails as invalidDidDocument', async (t) => {
  const answers: Array<(did: string) => string> = [
    () => 'not json',
    () => JSON.stringify(['a list']),
    () => JSON.stringify({ id: 'did:web:elsewhere.example' }),
    (did) => JSON.stringify({ id: did, verificationMethod: [{ id: 'x' }] }),
    (did) => JSON.stringify({ id: did, assertionMethod: [42] }),
    (did) => JSON.stringify({ id: did, verificationMethod: [{ id: '#k', type: 'JsonWebKey2020', controller: did, publicKeyJwk: 'text' }] }),
  ];
  const { did, requests } = await serve(t, (_req, res, did) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(answers[requests.length - 1]!(did));
  });
  const resolver = webResolver();
  for (let i = 0; i < answers.length; i++) t.equal((await failure(resolver.resolve(did))).code, 'invalidDidDocument', `answer ${i}`);
});

t.test('a server that refuses connections fails as unreachable', async (t) => {
  const { port, server } = await startLocalServer(t, () => undefined);
  await new Promise((resolve) => server.close(resolve));
  t.equal((await failure(webResolver().resolve(`did:web:127.0.0.1%3A${port}:x`))).code, 'unreachable');
});

t.test('a resolved document is reused while cached, fetched again once the TTL is 0', async (t) => {
  const { did, requests } = await serve(t, (_req, res, did) => sendJson(res, { id: did }));
  const cached = webResolver({ ttlMs: 60_000 });
  await cached.resolve(did);
  await cached.resolve(`${did}#k`);
  t.equal(requests.length, 1, 'one GET for two resolutions');
  const uncached = webResolver({ ttlMs: 0 });
  await uncached.resolve(did);
  await uncached.resolve(did);
  t.equal(requests.length, 3, 'one GET each without a cache');
});
