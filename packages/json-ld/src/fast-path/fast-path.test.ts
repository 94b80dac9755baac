import t, { type Test } from 'tap';
import { isDeepStrictEqual } from 'node:util';
import { DSP_2025_1_CONTEXT, DSP_2025_1_ODRL_PROFILE } from '../contexts/context-urls.ts';
import { createDspJsonLd } from '../dsp/dsp-json-ld.ts';
import { normaliseExpanded } from '../dsp/normalise-expanded.ts';
import { createDspTermDefinitions } from '../dsp/term-definitions.ts';
import { loadFixture, messageFixtures } from '../fixtures/load-fixture.ts';
import { createJsonLdProcessor, type JsonLdProcessor, type JsonObject } from '../processor/json-ld-processor.ts';
import { createJsonLdFastPath } from './create-fast-path.ts';

// Differential tests: whatever the fast path answers must be exactly what jsonld.js gives, key
// order included (the canonical form is what goes on the wire and into the database).
const processor = createJsonLdProcessor();
const fastPath = createJsonLdFastPath(processor.registry, DSP_2025_1_CONTEXT);
const terms = createDspTermDefinitions(processor.registry.resolve(DSP_2025_1_CONTEXT), processor.registry.resolve(DSP_2025_1_ODRL_PROFILE));
const ODRL_CONTEXT = 'http://www.w3.org/ns/odrl.jsonld';

type Outcome = { canonical: string } | { error: string };

/** The package's pipeline on jsonld.js alone: expand, normalise, compact. */
async function viaJsonLd(input: unknown): Promise<{ expanded?: JsonObject[]; outcome: Outcome }> {
  let expanded: JsonObject[];
  try {
    expanded = await processor.expand(input);
  } catch (error) {
    return { outcome: { error: String(error) } };
  }
  if (expanded.length !== 1) return { expanded, outcome: { error: `${expanded.length} nodes` } };
  try {
    const compacted = await processor.compact(normaliseExpanded(expanded, terms), DSP_2025_1_CONTEXT, { expanded: true });
    return { expanded, outcome: { canonical: JSON.stringify({ ...compacted, '@context': [DSP_2025_1_CONTEXT] }) } };
  } catch (error) {
    return { expanded, outcome: { error: String(error) } };
  }
}

interface Tally {
  fastExpand: number;
  fastCompact: number;
  total: number;
}

/** Compares each stage the fast path answers with jsonld.js's answer for the same input. */
async function differential(t: Test, input: unknown, name: string, tally: Tally): Promise<void> {
  tally.total++;
  const reference = await viaJsonLd(input);
  const expanded = fastPath.expand(input);
  if (expanded) {
    tally.fastExpand++;
    if (!isDeepStrictEqual(expanded, reference.expanded)) t.fail(`${name}: expansion differs`, { found: expanded, wanted: reference.expanded, input });
  }
  if (!reference.expanded || reference.expanded.length !== 1) return;
  const compacted = fastPath.compact(normaliseExpanded(reference.expanded, terms)[0]!);
  if (compacted) {
    tally.fastCompact++;
    const canonical = JSON.stringify({ '@context': [DSP_2025_1_CONTEXT], ...compacted });
    if (!('canonical' in reference.outcome) || canonical !== reference.outcome.canonical) {
      t.fail(`${name}: compaction differs`, { found: canonical, wanted: reference.outcome, input });
    }
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTRA_VALUES: unknown[] = [
  'text',
  42,
  true,
  null,
  [],
  { '@value': '5', '@type': 'xsd:integer' },
  { '@value': 'hello', '@language': 'en' },
  { '@value': 'Hallo', '@language': 'de-CH' },
  { '@value': { nested: [1, 2] }, '@type': '@json' },
  { '@id': 'urn:extra:1' },
  { '@id': 'dspace:thing' },
  'dspace:ACCEPTED',
  'https://w3id.org/dspace/2025/1/REQUESTED',
  { 'https://example.com/ns/inner': 'x' },
];
const EXTRA_KEYS = ['https://example.com/ns/property', 'dct:title', 'dcat:keyword', 'urn:example:property', 'dspace:providerPid', 'odrl:action'];
const EXTRA_VALUES_BY_TERM: Record<string, unknown[]> = {
  action: ['use', 'odrl:use', 'http://www.w3.org/ns/odrl/2/use', 'https://example.com/actions/read', { '@id': 'odrl:use' }],
  leftOperand: ['dateTime', 'https://w3id.org/edc/v0.0.1/ns/purpose', 'odrl:purpose'],
  operator: ['eq', 'odrl:eq', 'isAnyOf'],
  rightOperand: ['gold', 42, { '@value': '2023-01-01T00:00:00Z', '@type': 'xsd:dateTime' }, { '@id': 'http://example.org/EU' }],
  eventType: ['ACCEPTED', 'dspace:FINALIZED', 'https://w3id.org/dspace/2025/1/ACCEPTED'],
  state: ['REQUESTED', 'dspace:STARTED', 'UNKNOWN'],
  format: ['HttpData-PULL', 'dspace:HttpData-PUSH', 'Catalog', 'https://example.com/formats/s3'],
  providerPid: ['urn:uuid:1', 'dspace:pid', 'relative-pid', 7],
  target: ['urn:uuid:target', { '@id': 'urn:uuid:target' }],
  endpointType: ['https://w3id.org/idsa/v4.1/HTTP', 'dspace:HTTP'],
};

/**
 * A variant of `value`: optional members dropped, arrays and single values swapped, members and
 * values added, and terms of the enclosing node repeated in nested nodes (where a type-scoped
 * context that does not propagate no longer defines them).
 */
function vary(value: unknown, next: () => number, depth = 0, enclosingTerms: readonly string[] = []): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  if (Array.isArray(value)) {
    const items = value.map((item) => vary(item, next, depth + 1, enclosingTerms));
    if (items.length === 1 && next() < 0.3) return items[0];
    return items;
  }
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  const terms = Object.keys(value).filter((key) => !key.startsWith('@'));
  for (const [key, member] of Object.entries(value)) {
    if (key === '@context' && depth === 0) {
      const contexts = [DSP_2025_1_CONTEXT, [DSP_2025_1_CONTEXT], [DSP_2025_1_CONTEXT, DSP_2025_1_ODRL_PROFILE], [DSP_2025_1_CONTEXT, ODRL_CONTEXT]];
      out[key] = next() < 0.6 ? member : pick(contexts);
      continue;
    }
    if (!key.startsWith('@') && next() < 0.15) continue;
    let varied = vary(member, next, depth + 1, terms);
    const alternatives = EXTRA_VALUES_BY_TERM[key];
    if (alternatives && next() < 0.4) varied = pick(alternatives);
    if (!key.startsWith('@') && !Array.isArray(varied) && next() < 0.15) varied = [varied];
    out[key] = varied;
  }
  if (next() < 0.2) out[pick(EXTRA_KEYS)] = pick(EXTRA_VALUES);
  if (next() < 0.05) out['unknownBareTerm'] = 'dropped by JSON-LD';
  if (enclosingTerms.length > 0 && next() < 0.2) out[pick(enclosingTerms)] = 'urn:uuid:from-enclosing-node';
  return out;
}

t.test('every spec example: the fast path answers, and exactly as jsonld.js', async (t) => {
  const tally = { fastExpand: 0, fastCompact: 0, total: 0 };
  for (const path of messageFixtures('dsp-2025-1')) await differential(t, loadFixture('dsp-2025-1', path), `2025-1 ${path}`, tally);
  t.equal(tally.fastExpand, tally.total, 'every 2025-1 example expands without jsonld.js');
  t.equal(tally.fastCompact, tally.total, 'every 2025-1 example compacts without jsonld.js');

  // 2024-1 examples are expanded by jsonld.js; their normalised form still compacts by the table.
  const older = { fastExpand: 0, fastCompact: 0, total: 0 };
  for (const path of messageFixtures('dsp-2024-1')) await differential(t, loadFixture('dsp-2024-1', path), `2024-1 ${path}`, older);
  t.equal(older.fastExpand, 0, '2024-1 input is left to jsonld.js');
  t.ok(older.fastCompact > 0, 'normalised 2024-1 messages compact by the table');
});

t.test('TCK-shaped messages: the fast path answers, and exactly as jsonld.js', async (t) => {
  const pids = { providerPid: 'urn:uuid:tck-provider-1', consumerPid: 'urn:uuid:tck-consumer-1' };
  const context = [DSP_2025_1_CONTEXT];
  const messages = [
    // The TCK's initial request: an offer by id and target only, a callback address.
    { '@context': context, '@type': 'ContractRequestMessage', consumerPid: pids.consumerPid, callbackAddress: 'https://consumer.example/callback', offer: { '@id': 'CD123:ACN0101:456', '@type': 'Offer', target: 'ACN0101' } },
    { '@context': context, '@type': 'ContractNegotiationEventMessage', ...pids, eventType: 'ACCEPTED' },
    { '@context': context, '@type': 'ContractAgreementVerificationMessage', ...pids },
    { '@context': context, '@type': 'ContractNegotiationTerminationMessage', ...pids, code: 'TCK-1', reason: ['declined'] },
    { '@context': context, '@type': 'TransferRequestMessage', consumerPid: pids.consumerPid, agreementId: 'ATP0101', format: 'HttpData-PULL', callbackAddress: 'https://consumer.example/callback' },
    { '@context': context, '@type': 'TransferStartMessage', ...pids, dataAddress: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://provider.example/data', endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'secret-token' }] } },
    { '@context': context, '@type': 'TransferCompletionMessage', ...pids },
    { '@context': context, '@type': 'TransferSuspensionMessage', ...pids, reason: [{ message: 'paused' }] },
    { '@context': context, '@type': 'CatalogRequestMessage', filter: [] },
  ];
  const tally = { fastExpand: 0, fastCompact: 0, total: 0 };
  for (const [index, message] of messages.entries()) await differential(t, message, `TCK message ${index}`, tally);
  t.ok(tally.fastExpand >= messages.length - 2, `most TCK-shaped messages take the fast path (${tally.fastExpand}/${tally.total})`);
});

t.test('generated variants of every example: the fast path, where it answers, equals jsonld.js', async (t) => {
  const tally = { fastExpand: 0, fastCompact: 0, total: 0 };
  const examples = messageFixtures('dsp-2025-1').map((path) => ({ path, message: loadFixture('dsp-2025-1', path) }));
  for (let seed = 1; seed <= 60; seed++) {
    const next = random(seed);
    for (const { path, message } of examples) await differential(t, vary(message, next), `seed ${seed} ${path}`, tally);
  }
  t.comment(`fast expansion ${tally.fastExpand}/${tally.total}, fast compaction ${tally.fastCompact}/${tally.total}`);
  t.ok(tally.fastExpand > tally.total / 2, 'most variants expand without jsonld.js');
  t.ok(tally.fastCompact > tally.total / 2, 'most variants compact without jsonld.js');
});

t.test('inputs outside the tables take jsonld.js, with the same result as before', async (t) => {
  const calls = { expand: 0, compact: 0 };
  const counting: JsonLdProcessor = {
    registry: processor.registry,
    expand: (document) => (calls.expand++, processor.expand(document)),
    compact: (document, context, options) => (calls.compact++, processor.compact(document, context, options)),
  };
  const dsp = createDspJsonLd({ processor: counting });
  const event = loadFixture('dsp-2025-1', 'negotiation/contract-negotiation-event-message.json');
  const request = loadFixture('dsp-2025-1', 'negotiation/contract-request-message.json');

  for (const path of messageFixtures('dsp-2025-1')) await dsp.canonicalize(loadFixture('dsp-2025-1', path));
  t.same(calls, { expand: 0, compact: 0 }, 'the spec examples never reach jsonld.js');

  const outsideExpansion: [string, unknown][] = [
    ['an unknown bare key', { ...event, note: 'dropped' }],
    ['a nested @context', { ...request, offer: { ...(request.offer as object), '@context': { ex: 'https://example.com/' } } }],
    ['a @list value', { ...event, 'https://example.com/ns/ordered': { '@list': ['a', 'b'] } }],
    ['a keyword alias of the ODRL context', { ...request, '@context': [DSP_2025_1_CONTEXT, ODRL_CONTEXT], offer: { ...(request.offer as object), uid: 'urn:offer:1' } }],
    ['an inline context', { ...event, '@context': [DSP_2025_1_CONTEXT, { ex: 'https://example.com/' }] }],
    ['a 2024-1 message', loadFixture('dsp-2024-1', 'negotiation/contract-negotiation-event-message.json')],
    ['an expanded message', await processor.expand(event)],
    ['a protected term redefined', { ...event, '@context': [DSP_2025_1_CONTEXT, { providerPid: 'https://example.com/pid' }] }],
  ];
  for (const [name, input] of outsideExpansion) {
    t.equal(fastPath.expand(input), undefined, `${name}: not expanded by the table`);
    calls.expand = 0;
    const fast = await dsp.canonicalize(input).then(JSON.stringify, (error: unknown) => `error: ${String(error)}`);
    const reference = await viaJsonLd(input);
    t.equal(calls.expand, 1, `${name}: jsonld.js expands it`);
    if ('canonical' in reference.outcome) t.equal(fast, reference.outcome.canonical, `${name}: same canonical form`);
    else t.match(fast, /^error: /, `${name}: still refused`);
  }

  // A node whose type-scoped context has keyword aliases (CatalogService: id, type) is compacted by jsonld.js.
  const service = { '@context': [DSP_2025_1_CONTEXT], '@type': 'CatalogService', '@id': 'did:web:example#catalog', serviceEndpoint: 'https://example.com/catalog' };
  calls.compact = 0;
  const canonical = await dsp.canonicalize(service);
  t.equal(calls.compact, 1, 'a CatalogService is compacted by jsonld.js');
  const reference = await viaJsonLd(service);
  t.equal(JSON.stringify(canonical), 'canonical' in reference.outcome ? reference.outcome.canonical : undefined, 'with the same canonical form');
});
