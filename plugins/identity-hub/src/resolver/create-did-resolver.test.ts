import t from 'tap';
import type { DidDocument } from '../did/did-document.ts';
import { createDidResolver } from './create-did-resolver.ts';
import { DidResolutionError } from './did-resolution-error.ts';
import type { DidMethodResolver } from './did-resolver.ts';
import { createResolutionCache } from './resolution-cache.ts';

/** A did:test resolver that counts calls and answers what `answer` says. */
function testMethod(answer: (did: string, signal: AbortSignal) => Promise<DidDocument> = async (did) => ({ id: did })) {
  const calls: string[] = [];
  const resolver: DidMethodResolver = {
    method: 'test',
    resolve(did, { signal }) {
      calls.push(did);
      return answer(did, signal);
    },
  };
  return { resolver, calls };
}

function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof DidResolutionError ? error.code : `not a DidResolutionError: ${String(error)}`;
}

t.test('dispatches by method, drops the DID URL parts and refuses what it cannot resolve', async (t) => {
  const { resolver: method, calls } = testMethod();
  const resolver = createDidResolver({ resolvers: [method], cache: createResolutionCache({ ttlMs: 0, maxEntries: 10 }), timeoutMs: 1_000 });
  t.same(await resolver.resolve('did:test:abc#key-1'), { id: 'did:test:abc' });
  t.same(await resolver.resolve('did:test:abc/path?query=1'), { id: 'did:test:abc' });
  t.same(calls, ['did:test:abc', 'did:test:abc']);
  t.same(resolver.methods(), ['test']);
  t.equal(await codeOf(resolver.resolve('did:other:abc')), 'methodNotSupported');
  for (const bad of ['did:test:', 'did:Test:abc', 'web:abc', 'did:test:a b', 'did:test:abc:', `did:test:${'a'.repeat(2_100)}`]) {
    t.equal(await codeOf(resolver.resolve(bad)), 'invalidDid', JSON.stringify(bad.slice(0, 30)));
  }
});

t.test('answers from the cache until the TTL ends, and evict() forgets at once', async (t) => {
  const { resolver: method, calls } = testMethod();
  const time = clock();
  const resolver = createDidResolver({ resolvers: [method], cache: createResolutionCache({ ttlMs: 100, maxEntries: 10, now: time.now }), timeoutMs: 1_000 });
  await resolver.resolve('did:test:a');
  time.advance(99);
  await resolver.resolve('did:test:a#k');
  t.equal(calls.length, 1, 'fresh: from the cache');
  time.advance(1);
  await resolver.resolve('did:test:a');
  t.equal(calls.length, 2, 'expired: resolved again');
  resolver.evict('did:test:a#k');
  await resolver.resolve('did:test:a');
  t.equal(calls.length, 3, 'evicted: resolved again');
});

t.test('keeps at most maxEntries documents, dropping the least recently used', async (t) => {
  const { resolver: method, calls } = testMethod();
  const resolver = createDidResolver({ resolvers: [method], cache: createResolutionCache({ ttlMs: 60_000, maxEntries: 2 }), timeoutMs: 1_000 });
  await resolver.resolve('did:test:a');
  await resolver.resolve('did:test:b');
  await resolver.resolve('did:test:a'); // a is now the most recently used
  await resolver.resolve('did:test:c'); // drops b
  calls.length = 0;
  await resolver.resolve('did:test:a');
  await resolver.resolve('did:test:c');
  t.same(calls, [], 'a and c are cached');
  await resolver.resolve('did:test:b');
  t.same(calls, ['did:test:b'], 'b was dropped');
});

t.test('cached documents are frozen, so no caller can change what the next one reads', async (t) => {
  const resolver = createDidResolver({
    resolvers: [testMethod(async (did) => ({ id: did, service: [{ id: '#s', type: 'X', serviceEndpoint: 'https://a' }] })).resolver],
    cache: createResolutionCache({ ttlMs: 60_000, maxEntries: 2 }),
    timeoutMs: 1_000,
  });
  const document = await resolver.resolve('did:test:a');
  t.throws(() => {
    document.service![0]!.serviceEndpoint = 'https://evil';
  }, TypeError);
  t.equal((await resolver.resolve('did:test:a')).service![0]!.serviceEndpoint, 'https://a');
});

t.test('concurrent callers share one resolution; one begun before evict() is neither cached nor shared after it', async (t) => {
  const pending: Array<() => void> = [];
  const { resolver: method, calls } = testMethod((did) => new Promise((resolve) => pending.push(() => resolve({ id: did }))));
  const resolver = createDidResolver({ resolvers: [method], cache: createResolutionCache({ ttlMs: 60_000, maxEntries: 10 }), timeoutMs: 5_000 });
  const first = resolver.resolve('did:test:a');
  const second = resolver.resolve('did:test:a#x');
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(calls.length, 1, 'one resolution for both');
  resolver.evict('did:test:a');
  pending.shift()!();
  await Promise.all([first, second]);
  const third = resolver.resolve('did:test:a');
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(calls.length, 2, 'the answer begun before evict() was not cached');
  pending.shift()!();
  await third;
  await resolver.resolve('did:test:a');
  t.equal(calls.length, 2, 'the answer begun after evict() is cached');
});

t.test('a resolver that never answers times out and has its signal aborted', async (t) => {
  let aborted = false;
  const { resolver: method } = testMethod(
    (_did, signal) =>
      new Promise(() => {
        signal.addEventListener('abort', () => (aborted = true));
      }),
  );
  const resolver = createDidResolver({ resolvers: [method], cache: createResolutionCache({ ttlMs: 60_000, maxEntries: 10 }), timeoutMs: 50 });
  const began = Date.now();
  t.equal(await codeOf(resolver.resolve('did:test:slow')), 'timeout');
  t.ok(Date.now() - began < 1_000, 'fails near the bound');
  t.ok(aborted, 'the signal was aborted');
});

t.test('a document with another id, or a resolver that throws something else, fails as a resolution error', async (t) => {
  const wrongId = createDidResolver({
    resolvers: [testMethod(async () => ({ id: 'did:test:someone-else' })).resolver],
    cache: createResolutionCache({ ttlMs: 60_000, maxEntries: 10 }),
    timeoutMs: 1_000,
  });
  t.equal(await codeOf(wrongId.resolve('did:test:a')), 'invalidDidDocument');
  const throwing = createDidResolver({
    resolvers: [testMethod(async () => { throw new TypeError('boom'); }).resolver],
    cache: createResolutionCache({ ttlMs: 60_000, maxEntries: 10 }),
    timeoutMs: 1_000,
  });
  const error = await throwing.resolve('did:test:a').catch((e: unknown) => e as DidResolutionError);
  t.equal(error.code, 'internalError');
  t.match((error.cause as Error).message, 'boom');
});
