import { ProblemError } from '@tdss/sdk';
import t from 'tap';
import { dspExample, type Json } from '../test-support/policies.ts';
import { parsePolicy } from './parse-policy.ts';
import { PolicyParseError } from './policy-parse-error.ts';

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parsePolicy(input);
  } catch (error) {
    if (error instanceof PolicyParseError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a PolicyParseError');
}

const base = { '@id': 'urn:uuid:p1', '@type': 'Offer' };
const use = (constraint: unknown) => ({ ...base, permission: [{ action: 'use', constraint }] });

t.test('reads the DSP 2025-1 context terms, with or without the odrl: prefix or as IRIs', async (t) => {
  const bare = parsePolicy(use([{ leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2023-12-31T06:00Z' }]));
  const prefixed = parsePolicy({
    '@id': 'urn:uuid:p1',
    '@type': 'odrl:Offer',
    'odrl:permission': [
      {
        'odrl:action': { '@id': 'odrl:use' },
        'odrl:constraint': [{ 'odrl:leftOperand': { '@id': 'odrl:dateTime' }, 'odrl:operator': { '@id': 'odrl:lteq' }, 'odrl:rightOperand': '2023-12-31T06:00Z' }],
      },
    ],
  });
  const iris = parsePolicy({
    '@id': 'urn:uuid:p1',
    '@type': 'http://www.w3.org/ns/odrl/2/Offer',
    'http://www.w3.org/ns/odrl/2/permission': {
      'http://www.w3.org/ns/odrl/2/action': 'http://www.w3.org/ns/odrl/2/use',
      'http://www.w3.org/ns/odrl/2/constraint': {
        leftOperand: 'http://www.w3.org/ns/odrl/2/dateTime',
        operator: 'http://www.w3.org/ns/odrl/2/lteq',
        rightOperand: '2023-12-31T06:00Z',
      },
    },
  });
  const expected = {
    id: 'urn:uuid:p1',
    type: 'Offer',
    profile: [],
    permission: [{ action: 'use', constraint: [{ kind: 'atomic', leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2023-12-31T06:00Z' }], duty: [] }],
    prohibition: [],
    obligation: [],
  };
  t.same(bare, expected);
  t.same(prefixed, expected);
  t.same(iris, expected, 'single objects stand for one-element sets');
  const dspace = parsePolicy(use([{ leftOperand: 'https://w3id.org/dspace/2025/1/participantId', operator: 'eq', rightOperand: 'did:web:a' }]));
  t.match(dspace.permission[0]!.constraint[0], { leftOperand: 'dspace:participantId' }, 'DSP IRIs become dspace: terms');
});

t.test('reads logical constraints, rules, duties and obligations', async (t) => {
  const policy = parsePolicy({
    ...base,
    profile: 'https://example.com/profile',
    permission: [
      {
        action: 'use',
        constraint: [{ andSequence: { '@list': [{ leftOperand: 'a', operator: 'eq', rightOperand: 1 }, { xone: [{ leftOperand: 'b', operator: 'isAnyOf', rightOperand: ['x', 'y'] }] }] } }],
        duty: [{ action: 'compensate', constraint: [{ leftOperand: 'payAmount', operator: 'eq', rightOperand: { '@value': '5.00', '@type': 'xsd:decimal' } }] }],
      },
    ],
    prohibition: [{ action: 'distribute' }],
    obligation: [{ action: 'delete' }],
  });
  t.same(policy.profile, ['https://example.com/profile']);
  t.same(policy.permission[0]!.constraint[0], {
    kind: 'logical',
    operator: 'andSequence',
    constraints: [
      { kind: 'atomic', leftOperand: 'a', operator: 'eq', rightOperand: 1 },
      { kind: 'logical', operator: 'xone', constraints: [{ kind: 'atomic', leftOperand: 'b', operator: 'isAnyOf', rightOperand: ['x', 'y'] }] },
    ],
  });
  t.equal(policy.permission[0]!.duty[0]!.action, 'compensate');
  t.same(policy.prohibition, [{ action: 'distribute', constraint: [] }]);
  t.same(policy.obligation, [{ action: 'delete', constraint: [] }]);
});

t.test('parses every policy of the DSP 2025-1 examples', async (t) => {
  const cases: Array<[string, (doc: Json) => unknown, string]> = [
    ['catalog.json', (d) => (d.dataset as Json[])[0]!.hasPolicy, '$.dataset[0].hasPolicy'],
    ['dataset.json', (d) => d.hasPolicy, '$.hasPolicy'],
    ['contract-offer-message.json', (d) => [d.offer], '$.offer'],
    ['contract-offer-message_initial.json', (d) => [d.offer], '$.offer'],
    ['contract-request-message.json', (d) => [d.offer], '$.offer'],
    ['contract-request-message_initial.json', (d) => [d.offer], '$.offer'],
    ['contract-agreement-message.json', (d) => [d.agreement], '$.agreement'],
    ['contract-agreement-message-full.json', (d) => [d.agreement], '$.agreement'],
  ];
  for (const [file, select, path] of cases) {
    const policies = select(await dspExample(file)) as unknown[];
    for (const [index, policy] of policies.entries()) {
      const parsed = parsePolicy(policy, { path: `${path}[${index}]` });
      t.ok(parsed.permission.length > 0, `${file}: ${parsed.type} ${parsed.id}`);
    }
  }
  const catalog = await dspExample('catalog.json');
  const catalogOffer = parsePolicy(((catalog.dataset as Json[])[0]!.hasPolicy as unknown[])[0]);
  t.same(catalogOffer.permission[0]!.constraint, [{ kind: 'atomic', leftOperand: 'spatial', operator: 'eq', rightOperand: 'http://example.org/EU' }]);

  const full = parsePolicy((await dspExample('contract-agreement-message-full.json')).agreement);
  t.match(full, {
    type: 'Agreement',
    target: 'urn:uuid:3dd1add4-4d2d-569e-d634-8394a8836d23',
    assigner: 'http://example.com/Provider',
    assignee: 'http://example.com/Consumer',
    timestamp: '2023-01-01T01:00:00Z',
    profile: ['https://test.com/profile'],
  });
  t.same(
    full.permission.map((p) => (p.constraint[0]!.kind === 'logical' ? p.constraint[0]!.operator : 'atomic')),
    ['atomic', 'and', 'or', 'atomic', 'andSequence', 'xone', 'or'],
  );
  const nested = full.permission[6]!.constraint[0]!;
  t.ok(nested.kind === 'logical' && nested.constraints[0]!.kind === 'logical' && nested.constraints[0]!.operator === 'and', 'or(and(…), …) nests');
});

t.test('rejects the DSP 2025-1 invalid policy examples with the JSON path of each problem', async (t) => {
  const invalid = await dspExample('invalid-policies.json');
  const expected: Record<string, Array<[string, RegExp]>> = {
    INVALID_NO_RULES: [['$', /an Offer needs a permission or a prohibition/]],
    INVALID_NO_ID: [['$', /@id is missing/]],
    INVALID_NO_ACTION: [['$.permission[0]', /action is missing/]],
    INVALID_NO_LEFT_OPERAND: [['$.permission[0].constraint[0]', /leftOperand is missing/]],
    INVALID_NO_OPERATOR: [['$.permission[0].constraint[0]', /operator is missing/]],
    INVALID_NO_RIGHT_OPERAND: [['$.permission[0].constraint[0]', /rightOperand is missing/]],
    INVALID_MULTIPLICITY_CONSTRAINT: [['$.permission[0].constraint', /not a constraint: .*found keys invalid/]],
    INVALID_LOGICAL_CONTENT_NESTING: [['$.permission[0].constraint.and[1]', /not a constraint: .*found keys something, is, not, valid/]],
  };
  t.same(Object.keys(invalid).sort(), Object.keys(expected).sort(), 'every invalid example is covered');
  for (const [name, issues] of Object.entries(expected)) {
    const found = issuesOf(invalid[name]);
    t.equal(found.length, issues.length, `${name}: ${JSON.stringify(found)}`);
    issues.forEach(([path, message], i) => t.match(found[i], { path, message }, name));
  }
});

t.test('reports every problem at once, each with its path', async (t) => {
  const found = issuesOf({
    '@type': 'Agreement',
    '@id': 'urn:uuid:a1',
    assigner: 'http://example.com/Provider',
    timestamp: 'yesterday',
    'odrl:permission': [
      { action: 'use', target: 'urn:x', constraint: [{ leftOperand: 'a', operator: 'odrl:similar', rightOperand: 'b' }] },
      { action: { 'rdf:value': { '@id': 'odrl:print' }, refinement: [] } },
      { action: 'use', constraint: [{ leftOperand: 'a', operator: 'eq', rightOperand: { '@value': 'soon', '@type': 'xsd:dateTime' } }] },
      { action: 'use', constraint: [{ leftOperand: 'a', operator: 'isAnyOf', rightOperand: ['x', ['y']] }] },
      { action: 'use', constraint: [{ and: [], or: [] }] },
      { action: 'use', constraint: [{ or: [], leftOperand: 'a', operator: 'eq', rightOperand: 1 }] },
      { action: 'use', constraint: [{ and: [] }] },
    ],
    prohibition: { action: 'use', duty: [{ action: 'pay' }] },
    inheritFrom: 'urn:uuid:parent',
    conflict: 'perm',
  });
  t.same(
    found.map((i) => i.path),
    [
      '$.timestamp',
      "$['odrl:permission'][0]",
      "$['odrl:permission'][0].constraint[0].operator",
      "$['odrl:permission'][1].action",
      "$['odrl:permission'][2].constraint[0].rightOperand",
      "$['odrl:permission'][3].constraint[0].rightOperand[1]",
      "$['odrl:permission'][4].constraint[0]",
      "$['odrl:permission'][5].constraint[0]",
      "$['odrl:permission'][6].constraint[0].and",
      '$.prohibition',
      '$',
      '$',
      '$.inheritFrom',
      '$.conflict',
    ],
  );
  const text = found.map((i) => `${i.path}: ${i.message}`).join('\n');
  t.match(text, /forbids target on rules/);
  t.match(text, /unknown operator "similar"/);
  t.match(text, /action refinements are not part of the DSP 2025-1 profile/);
  t.match(text, /"soon" is not an ISO 8601 date/);
  t.match(text, /a list inside a list/);
  t.match(text, /exactly one of and, or, xone, andSequence/);
  t.match(text, /either logical .* or atomic/);
  t.match(text, /and needs at least one constraint/);
  t.match(text, /a prohibition has no duties/);
  t.match(text, /timestamp must be an xsd:dateTime/);
  t.match(text, /an Agreement needs target/);
  t.match(text, /an Agreement needs assignee/);
  t.match(text, /policy inheritance/);
  t.match(text, /conflict strategies prohibit and invalid/);
});

t.test('other malformed input', async (t) => {
  t.match(issuesOf('not a policy'), [{ path: '$', message: /expected a policy object, found string/ }]);
  t.match(issuesOf({ ...base, '@type': 'Contract', permission: [{ action: 'use' }] }), [{ path: "$['@type']", message: /expected exactly one of Offer, Agreement, Set/ }]);
  t.match(issuesOf({ ...base, permission: [{ action: 'use' }], 'odrl:permission': [{ action: 'use' }] }), [{ path: '$', message: /"permission" is given more than once/ }]);
  t.match(issuesOf({ ...base, permission: ['use'] }), [{ path: '$.permission[0]', message: /expected a permission object, found string "use"/ }]);
  t.match(issuesOf(use([{ leftOperand: 'a', operator: 'eq', rightOperand: null }])), [{ path: '$.permission[0].constraint[0].rightOperand', message: /invalid rightOperand: null/ }]);
  t.match(issuesOf(use([{ leftOperand: 'a', operator: 'eq', rightOperandReference: 'http://x', rightOperand: 1 }])), [{ message: /rightOperandReference is not supported/ }]);
  t.match(issuesOf(use([{ leftOperand: 'payAmount', operator: 'eq', rightOperand: 5, unit: 'http://dbpedia.org/resource/Euro' }])), [{ message: /unit is not supported/ }]);
  t.match(issuesOf(use([{ leftOperand: 5, operator: 'eq', rightOperand: 1 }])), [{ path: '$.permission[0].constraint[0].leftOperand', message: /non-empty string/ }]);
  let deep: Json = { leftOperand: 'a', operator: 'eq', rightOperand: 1 };
  for (let i = 0; i < 40; i += 1) deep = { and: [deep] };
  t.match(issuesOf(use([deep])), [{ message: /nest deeper than 32 levels/ }], 'hostile nesting is refused, not recursed into');
  t.same(issuesOf({ '@id': 'urn:uuid:s', '@type': 'Set' }), [{ path: '$', message: 'a Set needs a permission, prohibition or obligation' }]);
  t.same(issuesOf({ '@id': 'urn:uuid:s' }).map((i) => i.message), ['@type is missing; expected one of Offer, Agreement, Set', 'a policy needs a permission or a prohibition (DSP 2025-1)']);
  t.equal(parsePolicy({ '@id': 'urn:uuid:s', '@type': 'Set', obligation: [{ action: 'delete' }] }).type, 'Set');
});

t.test('a parse error is a 400 problem listing the issues', async (t) => {
  const error = t.throws(() => parsePolicy(use([{ leftOperand: 'a', operator: 'eq' }]), { path: '$.offer' })) as PolicyParseError;
  t.ok(error instanceof ProblemError);
  t.equal(error.status, 400);
  const problem = error.toProblem();
  t.match(problem, { type: 'https://tdss.dev/problems/invalid-policy', status: 400, issues: [{ path: '$.offer.permission[0].constraint[0]', message: 'rightOperand is missing' }] });
  t.match(problem.detail, /^\[@tdss\/policy-engine\] invalid ODRL policy: \$\.offer\.permission\[0\]\.constraint\[0\]: rightOperand is missing/);
});
