import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { bundledContexts, bundledContextsDir } from './bundled-contexts.ts';
import { ContextConflictError, UnknownContextError } from './context-errors.ts';
import { createContextRegistry } from './context-registry.ts';
import { DSP_2025_1_CONTEXT, ODRL_CONTEXT } from './context-urls.ts';
import { createBundledContextRegistry } from './default-registry.ts';

t.test('every bundled context is the file the manifest describes, and resolves by http and https', async (t) => {
  const registry = createBundledContextRegistry();
  t.equal(bundledContexts().length, 11);
  for (const entry of bundledContexts()) {
    const bytes = readFileSync(new URL(entry.file, bundledContextsDir()));
    t.equal(createHash('sha256').update(bytes).digest('hex'), entry.sha256, `${entry.file} matches its recorded hash`);
    t.ok('@context' in entry.document, `${entry.file} is a context document`);
    t.equal(registry.resolve(entry.url), registry.resolve(entry.url.replace(/^https?:/, (s) => (s === 'http:' ? 'https:' : 'http:'))));
  }
  t.ok(registry.has('https://www.w3.org/ns/odrl.jsonld'), 'the https form of the ODRL context the DCP spec uses');
  t.ok(registry.has(`${DSP_2025_1_CONTEXT}#fragment`), 'a fragment does not select another document');
});

t.test('an unknown URL is refused synchronously, before any I/O could start', async (t) => {
  const registry = createBundledContextRegistry();
  let thrown: unknown;
  try {
    registry.resolve('https://example.com/not-bundled.jsonld');
  } catch (error) {
    thrown = error;
  }
  t.ok(thrown instanceof UnknownContextError, 'thrown by the call itself, not by a promise');
  t.match(thrown, { code: 'JSONLD_UNKNOWN_CONTEXT', plugin: '@tdss/json-ld', url: 'https://example.com/not-bundled.jsonld' });
  t.match((thrown as UnknownContextError).describe(), /never fetched from the network/);
  t.throws(() => registry.resolve('file:///etc/passwd'), UnknownContextError);
  t.throws(() => registry.resolve('not a url'), UnknownContextError);
});

t.test('contexts can be added; a URL keeps the one document it was given', async (t) => {
  const registry = createContextRegistry();
  const document = { '@context': { ex: 'https://example.com/vocab#' } };
  registry.register('https://example.com/ctx.jsonld', document);
  t.same(registry.resolve('http://example.com/ctx.jsonld'), document);
  t.doesNotThrow(() => registry.register('https://example.com/ctx.jsonld', structuredClone(document)), 'same document again is fine');
  t.throws(() => registry.register('https://example.com/ctx.jsonld', { '@context': {} }), ContextConflictError);
  t.throws(() => registry.register('https://example.com/other.jsonld', {} as never), TypeError, 'a document needs @context');
  t.throws(() => registry.register('urn:x', document), TypeError, 'only http(s) URLs');
  t.same(registry.urls(), ['https://example.com/ctx.jsonld']);

  const stored = registry.resolve('https://example.com/ctx.jsonld') as { '@context': Record<string, unknown> };
  t.throws(() => {
    stored['@context'].ex = 'changed';
  }, TypeError, 'registered documents are frozen');
  document['@context'].ex = 'changed by the caller';
  t.equal((registry.resolve('https://example.com/ctx.jsonld') as typeof stored)['@context'].ex, 'https://example.com/vocab#', 'the registry kept its own copy');
  t.notOk(registry.has(ODRL_CONTEXT));
});
