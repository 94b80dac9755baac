import net from 'node:net';
import jsonld from 'jsonld';
import t from 'tap';
import { UnknownContextError } from '../contexts/context-errors.ts';
import { createContextRegistry } from '../contexts/context-registry.ts';
import { DSP_2025_1_CONTEXT } from '../contexts/context-urls.ts';
import { createBundledContextRegistry } from '../contexts/default-registry.ts';
import { loadFixture } from '../fixtures/load-fixture.ts';
import { createDocumentLoader } from './document-loader.ts';
import { JsonLdSyntaxError } from './json-ld-errors.ts';
import { createJsonLdProcessor } from './json-ld-processor.ts';

/** Counts outgoing connections and fetches while `run` runs. */
async function networkAttempts(run: () => Promise<void>): Promise<number> {
  let attempts = 0;
  const connect = net.Socket.prototype.connect;
  const fetch = globalThis.fetch;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    attempts++;
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
    attempts++;
    return fetch(...args);
  }) as typeof fetch;
  try {
    await run();
  } finally {
    net.Socket.prototype.connect = connect;
    globalThis.fetch = fetch;
  }
  return attempts;
}

t.test('the loader serves registered contexts and refuses any other URL without touching the network', async (t) => {
  const loader = createDocumentLoader(createBundledContextRegistry());
  const attempts = await networkAttempts(async () => {
    const remote = await loader('http://w3id.org/dspace/2025/1/context.jsonld');
    t.equal(remote.documentUrl, 'http://w3id.org/dspace/2025/1/context.jsonld');
    t.equal(remote.tag, 'static');
    t.ok((remote.document as Record<string, unknown>)['@context']);
    await t.rejects(loader('https://example.org/unknown.jsonld'), UnknownContextError);
  });
  t.equal(attempts, 0, 'no socket opened, no fetch made');
});

t.test('expanding a document that names an unknown context rejects with UnknownContextError', async (t) => {
  const processor = createJsonLdProcessor({ registry: createBundledContextRegistry() });
  const attempts = await networkAttempts(async () => {
    await t.rejects(processor.expand({ '@context': 'https://schema.org/', name: 'x' }), { name: 'UnknownContextError', url: 'https://schema.org/' });
    const direct = await jsonld.expand({ '@context': 'https://schema.org/' }).catch((e: unknown) => e);
    t.ok((direct as { details?: { cause?: unknown } }).details?.cause instanceof UnknownContextError, 'jsonld.js without our loader refuses too');
  });
  t.equal(attempts, 0);
});

t.test('invalid JSON-LD is reported with its JSON-LD error code', async (t) => {
  const processor = createJsonLdProcessor();
  const error = await processor.expand({ '@context': 42 }).catch((e: unknown) => e);
  t.ok(error instanceof JsonLdSyntaxError);
  t.match(error, { code: 'JSONLD_INVALID', jsonLdCode: 'invalid local context' });
  const redefinition = await processor
    .expand({ '@context': [DSP_2025_1_CONTEXT, { TransferProcess: 'https://example.com/other' }], '@type': 'TransferProcess' })
    .catch((e: unknown) => e);
  t.match(redefinition, { jsonLdCode: 'protected term redefinition' }, 'the 2025-1 context is @protected');
});

t.test('contexts that @import the same context each keep their own terms (jsonld.js would share the first merge)', async (t) => {
  const processor = createJsonLdProcessor();
  await processor.expand(loadFixture('dsp-2025-1', 'catalog/dataset.json'));
  const [request] = await processor.expand(loadFixture('dsp-2025-1', 'negotiation/contract-request-message.json'));
  t.same(request?.['https://w3id.org/dspace/2025/1/providerPid'], [{ '@id': 'urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab' }]);
  t.ok(request?.['https://w3id.org/dspace/2025/1/offer'], 'the offer is kept');
});

t.test('a plugin can register a context and use it at once', async (t) => {
  const registry = createContextRegistry();
  const processor = createJsonLdProcessor({ registry });
  await t.rejects(processor.expand({ '@context': 'https://example.com/ext/v1', title: 'x' }), UnknownContextError);
  registry.register('https://example.com/ext/v1', { '@context': { title: 'https://example.com/ext#title' } });
  t.same(await processor.expand({ '@context': 'https://example.com/ext/v1', title: 'x' }), [{ 'https://example.com/ext#title': [{ '@value': 'x' }] }]);
  t.same(await processor.compact({ 'https://example.com/ext#title': 'y' }, 'https://example.com/ext/v1'), { '@context': 'https://example.com/ext/v1', title: 'y' });
});
