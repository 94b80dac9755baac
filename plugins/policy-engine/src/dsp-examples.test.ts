/** The DSP 2025-1 example policies (fixtures/dsp-2025-1), parsed and evaluated end to end. */
import t from 'tap';
import { createPolicyEngine } from './engine/create-policy-engine.ts';
import type { LeftOperandFunction } from './functions/policy-function.ts';
import type { Json } from './test-support/policies.ts';
import { clockAt, contextFunction, dspExample } from './test-support/policies.ts';
import { parsePolicy } from './parse/parse-policy.ts';

t.test('the catalog offer: spatial eq http://example.org/EU', async (t) => {
  const catalog = await dspExample('catalog.json');
  const offer = parsePolicy(((catalog.dataset as Json[])[0]!.hasPolicy as unknown[])[0], { path: '$.dataset[0].hasPolicy[0]' });
  const bare = createPolicyEngine();
  t.ok(bare.evaluate(offer, { scope: 'catalog' }).permitted, 'the catalog shows it and leaves spatial to the negotiation');
  t.match(bare.evaluate(offer, { scope: 'contract.negotiation' }).failures, [{ code: 'no-function', leftOperand: 'spatial' }]);

  const spatial: LeftOperandFunction = {
    leftOperand: 'spatial',
    scopes: ['catalog', 'contract.negotiation'],
    description: 'where the consumer processes data',
    resolve: ({ context }) => ({ '@id': context.region }),
  };
  const engine = createPolicyEngine({ functions: [spatial] });
  t.ok(engine.evaluate(offer, { scope: 'contract.negotiation', context: { region: 'http://example.org/EU' } }).permitted);
  t.match(engine.evaluate(offer, { scope: 'catalog', context: { region: 'http://example.org/US' } }), { permitted: false, failures: [{ actual: { '@id': 'http://example.org/US' } }] });
});

t.test('the full agreement: its seven permissions are alternatives', async (t) => {
  const agreement = parsePolicy((await dspExample('contract-agreement-message-full.json')).agreement, { path: '$.agreement' });
  const functions = ['partner', 'constraint1', 'constraint2'].map((name) => contextFunction(name));
  const engine = createPolicyEngine({ functions, clock: clockAt('2024-06-01T00:00:00Z') });
  const decide = (context: Json) => engine.evaluate(agreement, { scope: 'transfer.process', context });

  t.match(decide({ partner: 'gold' }), { permitted: true, grantedBy: { path: 'permission[2]' } }, 'the first permission expired; and(gold, silver) never holds; or(gold, silver) does');
  t.match(decide({ partner: 'silver' }), { permitted: true, grantedBy: { path: 'permission[2]' } });
  t.match(decide({ partner: 'bronze', constraint1: 'value1', constraint2: 'value2' }), { permitted: true, grantedBy: { path: 'permission[6]' } }, 'or(and(constraint1, constraint2), …)');
  const denial = decide({ partner: 'bronze' });
  t.equal(denial.permitted, false);
  t.same(
    [...new Set(denial.failures.map((f) => f.rule?.path))],
    ['permission[0]', 'permission[1]', 'permission[2]', 'permission[3]', 'permission[4]', 'permission[5]', 'permission[6]'],
    'every permission says why it did not grant',
  );
  t.match(denial.failures[0], { constraintPath: 'permission[0].constraint[0]', leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2023-12-31T06:00Z', actual: '2024-06-01T00:00:00.000Z' });
  t.match(denial.failures.find((f) => f.rule?.path === 'permission[6]' && f.code === 'no-value'), { constraintPath: 'permission[6].constraint[0].or[0].and[0]', leftOperand: 'constraint1' });
});

t.test('the initial offer messages carry an unconstrained use permission', async (t) => {
  for (const file of ['contract-offer-message_initial.json', 'contract-request-message_initial.json']) {
    const offer = parsePolicy((await dspExample(file)).offer);
    t.ok(createPolicyEngine().evaluate(offer, { scope: 'contract.negotiation' }).permitted, file);
  }
});
