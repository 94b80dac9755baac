import t from 'tap';
import { constraint, contextFunction, offer, permission } from '../test-support/policies.ts';
import { createPolicyEngine } from './create-policy-engine.ts';

const engine = createPolicyEngine({ functions: [contextFunction('tier'), contextFunction('region')] });
const policy = offer({
  permission: [permission(constraint('tier', 'gteq', 3), { or: [constraint('region', 'eq', 'EU-North'), constraint('region', 'isAnyOf', ['Nordics', 'Baltics'])] })],
  prohibition: [{ action: 'use', constraint: [constraint('region', 'eq', 'Atlantis')] }],
});
const context = { tier: 2, region: 'Atlantis' };
const denial = engine.evaluate(policy, { scope: 'contract.negotiation', context });

t.test('the owner learns which rule and constraint failed, and why', async (t) => {
  const text = denial.explain({ audience: 'owner' });
  t.equal(
    text,
    [
      `Denied in scope contract.negotiation by policy urn:uuid:offer-1 (decision ${denial.id}):`,
      '- [unsatisfied] permission[0] (use), permission[0].constraint[0]: tier gteq 3 does not hold for 2',
      '- [unsatisfied] permission[0] (use), permission[0].constraint[1].or[0]: region eq "EU-North" does not hold for "Atlantis"',
      '- [unsatisfied] permission[0] (use), permission[0].constraint[1].or[1]: region isAnyOf ["Nordics", "Baltics"] does not hold for "Atlantis"',
      '- [prohibited] prohibition[0] (use), prohibition[0].constraint[0]: prohibited because region eq "Atlantis" holds for "Atlantis"',
    ].join('\n'),
  );
});

t.test('the counterparty learns nothing of the policy', async (t) => {
  const text = denial.explain({ audience: 'counterparty' });
  t.equal(text, `Denied: the request does not satisfy the applicable policy (decision ${denial.id}).`);
  const secrets = ['tier', 'region', 'gteq', 'isAnyOf', 'EU-North', 'Nordics', 'Baltics', 'Atlantis', '3', '2', 'permission', 'prohibition', 'constraint', policy.id];
  for (const secret of secrets) {
    const withoutId = text.replace(denial.id, '');
    t.notOk(withoutId.includes(secret), `no "${secret}" in the counterparty text`);
  }
  t.match(denial.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'the decision id is random, not derived from the policy');
});

t.test('a permit explains which permission granted it, to the owner only', async (t) => {
  const permit = engine.evaluate(policy, { scope: 'contract.negotiation', context: { tier: 5, region: 'Baltics' } });
  t.equal(permit.explain({ audience: 'owner' }), `Permitted in scope contract.negotiation by permission[0] of policy urn:uuid:offer-1 (decision ${permit.id}).`);
  t.equal(permit.explain({ audience: 'counterparty' }), `Permitted (decision ${permit.id}).`);
  t.not(permit.id, denial.id);
});
