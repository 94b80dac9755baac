import { validateDsp } from '@tdss/json-ld';
import { parsePolicy } from '@tdss/policy-engine';
import t from 'tap';
import { offerNonce, offerTermsOf } from './offer-terms.ts';

/** Offers are validated where DSP puts them: in a Dataset's hasPolicy. */
const inDataset = (terms: object) => ({
  '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
  '@id': 'd',
  '@type': 'Dataset',
  hasPolicy: [{ '@id': 'x', '@type': 'Offer', ...terms }],
  distribution: [{ '@type': 'Distribution', format: 'HttpData-PULL', accessService: 's' }],
});
const parse = (policy: Record<string, unknown>) => parsePolicy({ '@id': 'p', '@type': 'Set', ...policy });

t.test('any stored form of a policy gives the same compact terms and nonce', async (t) => {
  const bare = parse({
    permission: [{ action: 'use', constraint: [{ or: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }, { leftOperand: 'dspace:participantId', operator: 'isAnyOf', rightOperand: ['a', 'b'] }] }], duty: [{ action: 'compensate' }] }],
    prohibition: [{ action: 'distribute' }],
    obligation: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'gt', rightOperand: { '@value': 'P30D', '@type': 'xsd:duration' } }] }],
  });
  const prefixed = parse({
    'odrl:permission': { 'odrl:action': { '@id': 'odrl:use' }, 'odrl:constraint': { 'odrl:or': [{ 'odrl:leftOperand': 'odrl:purpose', 'odrl:operator': { '@id': 'odrl:eq' }, 'odrl:rightOperand': 'research' }, { leftOperand: 'https://w3id.org/dspace/2025/1/participantId', operator: 'isAnyOf', rightOperand: ['a', 'b'] }] }, 'odrl:duty': { action: 'compensate' } },
    'http://www.w3.org/ns/odrl/2/prohibition': [{ action: 'distribute' }],
    obligation: { action: 'delete', constraint: { leftOperand: 'elapsedTime', operator: 'gt', rightOperand: { '@value': 'P30D', '@type': 'xsd:duration' } } },
  });
  const terms = offerTermsOf(bare)!;
  t.same(terms, {
    permission: [{ action: 'use', constraint: [{ or: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }, { leftOperand: 'dspace:participantId', operator: 'isAnyOf', rightOperand: ['a', 'b'] }] }], duty: [{ action: 'compensate' }] }],
    prohibition: [{ action: 'distribute' }],
    obligation: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'gt', rightOperand: { '@value': 'P30D', '@type': 'xsd:duration' } }] }],
  });
  t.same(offerTermsOf(prefixed), terms);
  t.equal(offerNonce(offerTermsOf(prefixed)!), offerNonce(terms));
  t.same(validateDsp('Dataset', inDataset(terms)), [], 'a valid DSP Offer');
});

t.test('numbers and booleans become typed literals, which the DSP schema accepts', async (t) => {
  const terms = offerTermsOf(parse({ permission: [{ action: 'use', constraint: [{ leftOperand: 'a', operator: 'lteq', rightOperand: 5 }, { leftOperand: 'b', operator: 'eq', rightOperand: 0.5 }, { leftOperand: 'c', operator: 'eq', rightOperand: true }] }] }))!;
  t.same(terms.permission![0]!.constraint!.map((c) => (c as { rightOperand: unknown }).rightOperand), [
    { '@value': '5', '@type': 'xsd:integer' },
    { '@value': '0.5', '@type': 'xsd:double' },
    { '@value': 'true', '@type': 'xsd:boolean' },
  ]);
  t.same(validateDsp('Dataset', inDataset(terms)), []);
});

t.test('the nonce follows the terms, not their key order', async (t) => {
  const a = offerNonce({ permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq', rightOperand: '1' }] }] });
  t.match(a, /^[0-9a-f]{16}$/);
  t.equal(offerNonce({ permission: [{ constraint: [{ rightOperand: '1', operator: 'eq', leftOperand: 'x' }], action: 'use' }] }), a);
  t.not(offerNonce({ permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq', rightOperand: '2' }] }] }), a);
});

t.test('a policy with only obligations cannot be an offer', async (t) => {
  t.equal(offerTermsOf(parse({ obligation: [{ action: 'delete' }] })), undefined);
});
