import t from 'tap';
import { normaliseEdcKey, normaliseEdcValue, readEdcDocument } from './read-edc-document.ts';
import { createValidationIssues } from './validation-issues.ts';

const EDC = 'https://w3id.org/edc/v0.0.1/ns/';

function read(body: unknown, type?: string) {
  const issues = createValidationIssues();
  const doc = readEdcDocument(body, issues, type);
  const errors = issues.count ? (issues.toProblem('test').extensions.errors as Array<{ path: string }>).map((e) => e.path) : [];
  return { id: doc?.id, type: doc?.type, errors, fields: doc ? Object.fromEntries([...doc.fields].map(([k, v]) => [k, v.value])) : undefined };
}

t.test('bare, prefixed and IRI keys name the same member; @id or id names the object', async (t) => {
  for (const body of [
    { '@id': 'x', '@type': 'Asset', properties: 1 },
    { id: 'x', '@type': 'edc:Asset', 'edc:properties': 1 },
    { '@id': 'x', '@type': `${EDC}Asset`, [`${EDC}properties`]: 1 },
    { 'edc:id': 'x', '@type': ['Asset'], properties: 1 },
  ]) {
    t.same(read(body, 'Asset'), { id: 'x', type: 'Asset', errors: [], fields: { properties: 1 } }, JSON.stringify(body));
  }
});

t.test('free-form values: EDC keys bare at any depth, other keys as written', async (t) => {
  const issues = createValidationIssues();
  const value = { name: 1, 'edc:b': 2, [`${EDC}c`]: 3, 'dct:title': 4, 'http://purl.org/dc/terms/title': 5, '@type': 'T', nested: [{ 'edc:d': 6 }] };
  t.same(normaliseEdcValue(value, 'p', issues), { name: 1, b: 2, c: 3, 'dct:title': 4, 'http://purl.org/dc/terms/title': 5, '@type': 'T', nested: [{ d: 6 }] });
  t.equal(issues.count, 0);
  normaliseEdcValue({ a: 1, 'edc:a': 2 }, 'p', issues);
  t.same(issues.toProblem('x').extensions.errors, [{ path: 'p.edc:a', problem: 'names the same key as "a"' }]);
  t.equal(normaliseEdcKey('edc:'), 'edc:', 'a bare prefix is not a key');
});

t.test('problems', async (t) => {
  t.same(read('x').errors, ['']);
  t.same(read([]).errors, ['']);
  t.same(read({ '@type': 'Asset' }, 'PolicyDefinition').errors, ['@type']);
  t.same(read({ '@type': 3 }).errors, ['@type']);
  t.same(read({ properties: 1, 'edc:properties': 2 }).errors, ['edc:properties'], 'one member given twice');
  t.same(read({ '@id': 'a', id: 'b' }).errors, ['id']);
});
