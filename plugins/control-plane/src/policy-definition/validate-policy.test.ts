import t from 'tap';
import { createValidationIssues } from '../management/validation-issues.ts';
import { validatePolicy } from './validate-policy.ts';

function issuesOf(policy: unknown, path = 'policy'): Array<{ path: string; problem: string }> {
  const issues = createValidationIssues();
  validatePolicy(policy, path, issues);
  return issues.count ? (issues.toProblem('policy').extensions.errors as Array<{ path: string; problem: string }>) : [];
}
const paths = (policy: unknown, path?: string) => issuesOf(policy, path).map((i) => i.path);

t.test('policies the policy engine reads are accepted', async (t) => {
  const valid = {
    'no @id, no @type': { permission: [{ action: 'use' }] },
    compact: {
      '@type': 'Set',
      permission: [{ action: 'use', constraint: [{ or: [{ leftOperand: 'spatial', operator: 'isAnyOf', rightOperand: ['eu', 'ch'] }, { leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }], duty: [{ action: 'delete' }] }],
      prohibition: [{ action: 'distribute' }],
      obligation: [{ action: 'compensate' }],
    },
    prefixed: { '@type': 'odrl:Set', 'odrl:permission': { 'odrl:action': { '@id': 'odrl:use' } } },
    iris: { '@type': 'http://www.w3.org/ns/odrl/2/Set', 'http://www.w3.org/ns/odrl/2/prohibition': [{ 'http://www.w3.org/ns/odrl/2/action': 'use' }] },
  };
  for (const [name, policy] of Object.entries(valid)) t.same(issuesOf(policy), [], name);
});

t.test('problems are reported with their path in the body', async (t) => {
  t.same(paths(undefined), ['policy']);
  t.same(paths([]), ['policy']);
  t.same(paths({ '@type': 'Offer', permission: [{ action: 'use' }] }), ['policy.@type'], 'a definition holds a Set');
  t.same(paths({ permission: [{}] }), ['policy.permission[0]']);
  t.match(issuesOf({ permission: [{}] })[0]?.problem, 'action is missing');
  t.same(paths({ '@type': 'Set' }), ['policy'], 'an empty Set would grant nothing, so it is refused');
  t.same(paths({ permission: [{ action: 'use', constraint: [{ leftOperand: 'a', operator: 'like', rightOperand: 1 }] }] }), ['policy.permission[0].constraint[0].operator']);
  t.same(paths({ 'odrl:permission': [{ action: 'use', target: 'x' }] }), ['policy.odrl:permission[0]']);
  t.same(paths({ permission: [{}] }, 'edc:policy'), ['edc:policy.permission[0]'], 'the path uses the key the client wrote');
});

t.test('policy terms read in the EDC vocabulary get a hint', async (t) => {
  const issues = issuesOf({ 'https://w3id.org/edc/v0.0.1/ns/permission': { 'https://w3id.org/edc/v0.0.1/ns/action': 'use' } });
  t.ok(issues.some((i) => i.path === 'policy' && i.problem.includes('http://www.w3.org/ns/odrl.jsonld')));
});
