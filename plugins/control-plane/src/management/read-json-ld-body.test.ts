import type { ProblemError } from '@tdss/sdk';
import { rejectionOf } from '@tdss/testing';
import t from 'tap';
import { readJsonLdBody } from './read-json-ld-body.ts';

const EDC = 'https://w3id.org/edc/v0.0.1/ns/';
const dataAddress = { type: 'HttpData', baseUrl: 'https://x.example' };

t.test('plain JSON passes through untouched', async (t) => {
  const body = { '@id': 'a', properties: { tags: ['one'] }, dataAddress };
  t.equal(await readJsonLdBody(body), body);
  t.same(await readJsonLdBody([1]), [1]);
});

t.test('EDC JSON-LD forms compact to the plain form', async (t) => {
  const plain = { '@id': 'a', '@type': 'Asset', properties: { name: 'n', 'http://purl.org/dc/terms/title': 'T' }, dataAddress: { '@type': 'DataAddress', ...dataAddress } };
  const forms = {
    vocab: { '@context': { '@vocab': EDC, dct: 'http://purl.org/dc/terms/' }, ...plain, properties: { name: 'n', 'dct:title': 'T' } },
    prefixed: {
      '@context': { edc: EDC },
      '@id': 'a',
      '@type': 'edc:Asset',
      'edc:properties': { 'edc:name': 'n', 'http://purl.org/dc/terms/title': 'T' },
      'edc:dataAddress': { '@type': 'edc:DataAddress', 'edc:type': 'HttpData', 'edc:baseUrl': 'https://x.example' },
    },
    'management context v2': { '@context': ['https://w3id.org/edc/connector/management/v2'], ...plain },
    'management context v0.0.1': { '@context': 'https://w3id.org/edc/connector/management/v0.0.1', ...plain },
  };
  for (const [name, body] of Object.entries(forms)) t.same(await readJsonLdBody(body), plain, name);
});

t.test('policies come out in the DSP ODRL profile terms; criteria lists stay lists', async (t) => {
  const policy = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] };
  t.same(await readJsonLdBody({ '@context': 'https://w3id.org/edc/connector/management/v2', '@type': 'PolicyDefinition', '@id': 'p', policy }), { '@id': 'p', '@type': 'PolicyDefinition', policy });
  const prefixed = await readJsonLdBody({
    '@context': { edc: EDC, odrl: 'http://www.w3.org/ns/odrl/2/' },
    'edc:policy': { '@type': 'odrl:Set', 'odrl:permission': { 'odrl:action': { '@id': 'odrl:use' } } },
  });
  t.same(prefixed, { policy: { '@type': 'Set', permission: [{ action: 'use' }] } });
  const query = await readJsonLdBody({ '@context': { '@vocab': EDC }, filterExpression: { operandLeft: 'id', operator: 'in', operandRight: ['a'] } });
  t.same(query, { filterExpression: [{ operandLeft: 'id', operator: 'in', operandRight: 'a' }] }, 'a one-item list compacts to its item, as in EDC');
});

t.test('unknown contexts and invalid JSON-LD are 400 problems', async (t) => {
  const unknown = await rejectionOf<ProblemError>(readJsonLdBody({ '@context': 'https://example.com/ctx', a: 1 }));
  t.equal(unknown.status, 400);
  t.same((unknown.extensions.errors as Array<{ path: string }>).map((e) => e.path), ['@context']);
  t.match(unknown.message, 'https://example.com/ctx is not available: contexts are never fetched');
  const invalid = await rejectionOf<ProblemError>(readJsonLdBody({ '@context': 5 }));
  t.equal(invalid.status, 400);
  t.match(invalid.message, 'invalid JSON-LD');
});
