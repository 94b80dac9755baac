import { TdssError } from '@tdss/sdk';
import t from 'tap';
import type { DutyFunction, LeftOperandFunction } from '../functions/policy-function.ts';
import type { PolicyScope } from '../model/evaluation.ts';
import { constraint, contextFunction, offer, permission } from '../test-support/policies.ts';
import { anyValue } from '../values/left-value.ts';
import { createPolicyEngine } from './create-policy-engine.ts';

const partner = contextFunction('partner');
const region = contextFunction('region');
const engine = createPolicyEngine({ functions: [partner, region] });
const negotiation = (context: Record<string, unknown>, action?: string) => ({ scope: 'contract.negotiation' as const, context, ...(action ? { action } : {}) });

const gold = constraint('partner', 'eq', 'gold');
const silver = constraint('partner', 'eq', 'silver');
const eu = constraint('region', 'eq', 'EU');
const unknown = constraint('unregistered', 'eq', 'x');

t.test('a permission holds when all its constraints hold', async (t) => {
  const policy = offer({ permission: [permission(gold, eu)] });
  const permit = engine.evaluate(policy, negotiation({ partner: 'gold', region: 'EU' }));
  t.match(permit, { permitted: true, grantedBy: { kind: 'permission', index: 0, path: 'permission[0]', action: 'use' }, failures: [] });
  const denial = engine.evaluate(policy, negotiation({ partner: 'gold', region: 'US' }));
  t.equal(denial.permitted, false);
  t.same(denial.failures, [
    {
      code: 'unsatisfied',
      rule: { kind: 'permission', index: 0, path: 'permission[0]', action: 'use' },
      constraintPath: 'permission[0].constraint[1]',
      leftOperand: 'region',
      operator: 'eq',
      rightOperand: 'EU',
      actual: 'US',
      reason: 'region eq "EU" does not hold for "US"',
    },
  ]);
});

t.test('and, or, xone and andSequence, nested', async (t) => {
  const and = offer({ permission: [permission({ and: [gold, eu] })] });
  t.ok(engine.evaluate(and, negotiation({ partner: 'gold', region: 'EU' })).permitted);
  t.match(engine.evaluate(and, negotiation({ partner: 'gold', region: 'US' })).failures, [{ constraintPath: 'permission[0].constraint[0].and[1]' }]);

  const or = offer({ permission: [permission({ or: [gold, silver] })] });
  t.ok(engine.evaluate(or, negotiation({ partner: 'silver' })).permitted);
  t.match(engine.evaluate(or, negotiation({ partner: 'bronze' })).failures, [
    { constraintPath: 'permission[0].constraint[0].or[0]', actual: 'bronze' },
    { constraintPath: 'permission[0].constraint[0].or[1]', actual: 'bronze' },
  ]);

  const xone = offer({ permission: [permission({ xone: [gold, eu] })] });
  t.ok(engine.evaluate(xone, negotiation({ partner: 'gold', region: 'US' })).permitted);
  const both = engine.evaluate(xone, negotiation({ partner: 'gold', region: 'EU' }));
  t.same(both.failures.map((f) => [f.code, f.constraintPath, f.operator]), [['unsatisfied', 'permission[0].constraint[0]', 'xone']]);
  t.match(both.failures[0]!.reason, /xone: 2 of its constraints hold \(permission\[0\]\.constraint\[0\]\.xone\[0\], permission\[0\]\.constraint\[0\]\.xone\[1\]\); exactly one must/);
  t.equal(engine.evaluate(xone, negotiation({ partner: 'bronze', region: 'US' })).failures.length, 2, 'none holds');

  const nested = offer({ permission: [permission({ or: [{ and: [gold, eu] }, silver] })] });
  t.ok(engine.evaluate(nested, negotiation({ partner: 'gold', region: 'EU' })).permitted);
  t.ok(engine.evaluate(nested, negotiation({ partner: 'silver', region: 'US' })).permitted);
  t.match(engine.evaluate(nested, negotiation({ partner: 'gold', region: 'US' })).failures, [
    { constraintPath: 'permission[0].constraint[0].or[0].and[1]' },
    { constraintPath: 'permission[0].constraint[0].or[1]' },
  ]);
});

t.test('andSequence stops at the first constraint that does not hold', async (t) => {
  const first = contextFunction('first');
  const second = contextFunction('second');
  const sequenced = createPolicyEngine({ functions: [first, second] });
  const policy = offer({ permission: [permission({ andSequence: [constraint('first', 'eq', 1), constraint('second', 'eq', 2)] })] });
  t.ok(sequenced.evaluate(policy, negotiation({ first: 1, second: 2 })).permitted);
  const denial = sequenced.evaluate(policy, negotiation({ first: 0, second: 2 }));
  t.same(denial.failures.map((f) => f.constraintPath), ['permission[0].constraint[0].andSequence[0]']);
  t.equal(second.calls, 1, 'the second constraint was not evaluated after the first failed');
});

t.test('an undecidable constraint is settled by the decided ones when it can be', async (t) => {
  const orUnknown = offer({ permission: [permission({ or: [unknown, gold] })] });
  t.ok(engine.evaluate(orUnknown, negotiation({ partner: 'gold' })).permitted, 'true ∨ ? = true');
  t.same(engine.evaluate(orUnknown, negotiation({ partner: 'tin' })).failures.map((f) => f.code), ['no-function', 'unsatisfied']);
  const andUnknown = offer({ permission: [permission({ and: [unknown, gold] })] });
  t.same(engine.evaluate(andUnknown, negotiation({ partner: 'gold' })).failures.map((f) => f.code), ['no-function'], 'true ∧ ? denies');
});

t.test('type mismatches and failing functions deny with a reason, never throw', async (t) => {
  const policy = offer({ permission: [permission(gold)] });
  t.match(engine.evaluate(policy, negotiation({ partner: 5 })).failures, [
    { code: 'type-mismatch', actual: 5, reason: /partner eq "gold" cannot be decided for 5: a number cannot be compared with a string/ },
  ]);
  t.match(engine.evaluate(policy, negotiation({ partner: { nested: true } })).failures, [{ code: 'type-mismatch', reason: /neither a literal/ }]);
  t.match(engine.evaluate(policy, negotiation({})).failures, [{ code: 'no-value', reason: 'no value for leftOperand partner: its function returned no value' }]);
  const throwing: LeftOperandFunction = {
    leftOperand: 'partner',
    scopes: ['contract.negotiation'],
    description: 'throws',
    resolve: () => {
      throw new Error('directory unavailable');
    },
  };
  t.match(createPolicyEngine({ functions: [throwing] }).evaluate(policy, negotiation({})).failures, [
    { code: 'no-value', reason: 'no value for leftOperand partner: its function failed: directory unavailable' },
  ]);
});

t.test('a function may offer several candidate values; one that satisfies is enough', async (t) => {
  const roles: LeftOperandFunction = { leftOperand: 'role', scopes: ['contract.negotiation'], description: 'roles', resolve: () => anyValue(['reader', 'auditor']) };
  const withRoles = createPolicyEngine({ functions: [roles] });
  t.ok(withRoles.evaluate(offer({ permission: [permission(constraint('role', 'eq', 'auditor'))] }), negotiation({})).permitted);
  t.match(withRoles.evaluate(offer({ permission: [permission(constraint('role', 'eq', 'admin'))] }), negotiation({})).failures, [
    { actual: ['reader', 'auditor'], reason: 'role eq "admin" does not hold for any of ["reader","auditor"]' },
  ]);
});

t.test('permissions are alternatives: one that holds grants the action', async (t) => {
  const policy = offer({ permission: [permission(gold), permission(silver)] });
  t.match(engine.evaluate(policy, negotiation({ partner: 'silver' })), { permitted: true, grantedBy: { path: 'permission[1]' } });
  t.same(engine.evaluate(policy, negotiation({ partner: 'tin' })).failures.map((f) => f.rule?.path), ['permission[0]', 'permission[1]']);
  t.ok(engine.evaluate(offer({ permission: [{ action: 'use' }] }), negotiation({})).permitted, 'an unconstrained permission grants');
});

t.test('nothing is granted without a permission covering the action', async (t) => {
  const onlyProhibition = offer({ prohibition: [{ action: 'distribute' }] });
  t.same(engine.evaluate(onlyProhibition, negotiation({})).failures, [{ code: 'no-permission', reason: 'the policy grants no permission' }]);
  const readOnly = offer({ permission: [{ action: 'read' }] });
  t.match(engine.evaluate(readOnly, negotiation({})).failures, [{ code: 'no-permission', reason: 'no permission of the policy covers the action use' }]);
  t.ok(engine.evaluate(readOnly, negotiation({}, 'odrl:read')).permitted, 'the action asked for is normalised');
  t.ok(engine.evaluate(offer({ permission: [{ action: 'use' }] }), negotiation({}, 'read')).permitted, 'use covers every action');
});

t.test('an applicable prohibition overrides a permission', async (t) => {
  const policy = offer({ permission: [{ action: 'use' }], prohibition: [{ action: 'use', constraint: [constraint('region', 'isAnyOf', ['RU', 'KP'])] }] });
  t.ok(engine.evaluate(policy, negotiation({ region: 'EU' })).permitted);
  t.same(engine.evaluate(policy, negotiation({ region: 'KP' })).failures, [
    {
      code: 'prohibited',
      rule: { kind: 'prohibition', index: 0, path: 'prohibition[0]', action: 'use' },
      constraintPath: 'prohibition[0].constraint[0]',
      leftOperand: 'region',
      operator: 'isAnyOf',
      rightOperand: ['RU', 'KP'],
      actual: 'KP',
      reason: 'prohibited because region isAnyOf ["RU", "KP"] holds for "KP"',
    },
  ]);
  const unconditional = offer({ permission: [{ action: 'use' }], prohibition: [{ action: 'use' }] });
  t.match(engine.evaluate(unconditional, negotiation({})).failures, [{ code: 'prohibited', reason: 'prohibition[0] prohibits use unconditionally' }]);
  const undecidable = offer({ permission: [{ action: 'use' }], prohibition: [{ action: 'use', constraint: [unknown] }] });
  t.match(engine.evaluate(undecidable, negotiation({})).failures, [{ code: 'no-function', reason: /the prohibition is treated as applying$/ }], 'fails closed');
  const otherAction = offer({ permission: [{ action: 'use' }], prohibition: [{ action: 'distribute' }] });
  t.ok(engine.evaluate(otherAction, negotiation({})).permitted, 'a prohibition of another action does not apply');
  t.notOk(engine.evaluate(offer({ permission: [{ action: 'use' }], prohibition: [{ action: 'use' }] }), negotiation({}, 'read')).permitted, 'prohibiting use prohibits every action');
});

t.test('duties: constraints decide whether they apply; an applicable duty is agreed, or checked by its duty function', async (t) => {
  let paid = false;
  const compensate: DutyFunction = {
    dutyAction: 'compensate',
    scopes: ['transfer.process'],
    description: 'payment ledger',
    fulfilled: () => (paid ? { fulfilled: true } : { fulfilled: false, reason: 'no payment was received' }),
  };
  const withLedger = createPolicyEngine({ functions: [compensate, partner] });
  const policy = offer({ permission: [{ action: 'use', duty: [{ action: 'compensate', constraint: [gold] }] }] });
  const transfer = (context: Record<string, unknown>) => ({ scope: 'transfer.process' as const, context });

  t.ok(withLedger.evaluate(policy, negotiation({ partner: 'gold' })).permitted, 'no duty function in the scope: agreeing is fulfilling');
  t.same(withLedger.evaluate(policy, transfer({ partner: 'gold' })).failures, [
    {
      code: 'duty-unfulfilled',
      rule: { kind: 'duty', index: 0, path: 'permission[0].duty[0]', action: 'compensate' },
      reason: 'permission[0].duty[0] (compensate) is not fulfilled: no payment was received',
    },
  ]);
  t.ok(withLedger.evaluate(policy, transfer({ partner: 'silver' })).permitted, 'a duty whose constraints do not hold does not apply');
  t.match(withLedger.evaluate(policy, transfer({})).failures, [{ code: 'no-value', rule: { kind: 'duty' }, reason: /whether the duty applies is unknown$/ }]);
  paid = true;
  t.ok(withLedger.evaluate(policy, transfer({ partner: 'gold' })).permitted);
  paid = false;

  const obligation = offer({ permission: [{ action: 'use' }], obligation: [{ action: 'compensate' }] });
  t.match(withLedger.evaluate(obligation, transfer({})).failures, [{ code: 'duty-unfulfilled', rule: { kind: 'obligation', path: 'obligation[0]' } }]);
  const throwing: DutyFunction = { ...compensate, fulfilled: () => { throw new Error('ledger down'); } };
  t.match(createPolicyEngine({ functions: [throwing] }).evaluate(obligation, transfer({})).failures, [{ reason: /its duty function failed: ledger down/ }]);
});

t.test('scopes: a left operand without a function fails, or is left out where the scope says so', async (t) => {
  const transferOnly = contextFunction('purpose', ['transfer.process']);
  const scoped = createPolicyEngine({ functions: [transferOnly, partner] });
  const policy = offer({ permission: [permission(constraint('purpose', 'eq', 'research'))] });
  const at = (scope: PolicyScope) => scoped.evaluate(policy, { scope, context: { purpose: 'marketing' } });

  t.match(at('contract.negotiation').failures, [{ code: 'no-function', reason: 'no function for leftOperand purpose in scope contract.negotiation' }]);
  t.ok(at('catalog').permitted, 'the catalog leaves it to the negotiation');
  t.match(at('transfer.process').failures, [{ code: 'unsatisfied', actual: 'marketing' }]);

  const orWithUnknown = offer({ permission: [permission({ or: [constraint('purpose', 'eq', 'research'), gold] })] });
  t.match(scoped.evaluate(orWithUnknown, { scope: 'catalog', context: { partner: 'tin' } }).failures, [{ code: 'unsatisfied', leftOperand: 'partner' }], 'an ignored alternative drops out of the or');
  const prohibition = offer({ permission: [{ action: 'use' }], prohibition: [{ action: 'use', constraint: [constraint('purpose', 'eq', 'marketing')] }] });
  t.ok(scoped.evaluate(prohibition, { scope: 'catalog', context: {} }).permitted, 'a prohibition left entirely to a later scope does not apply yet');

  const strict = createPolicyEngine({ functions: [transferOnly], scopes: { catalog: { unknownLeftOperand: 'deny' } } });
  t.match(strict.evaluate(policy, { scope: 'catalog', context: {} }).failures, [{ code: 'no-function' }]);
  const lenient = createPolicyEngine({ scopes: { 'transfer.process': { unknownLeftOperand: 'ignore' } } });
  t.ok(lenient.evaluate(policy, { scope: 'transfer.process', context: {} }).permitted);

  const error = t.throws(() => engine.evaluate(policy, { scope: 'provisioning' as PolicyScope })) as TdssError;
  t.ok(error instanceof TdssError);
  t.match(error, { code: 'POLICY_UNKNOWN_SCOPE', plugin: '@tdss/policy-engine', hint: /catalog, contract\.negotiation, transfer\.process/ });
});

t.test('isA uses the function hierarchy, else the engine hierarchy, else equality', async (t) => {
  const purposes: Record<string, string[]> = { 'clinical-trial': ['research'], research: [] };
  const purpose: LeftOperandFunction = {
    leftOperand: 'purpose',
    scopes: ['contract.negotiation'],
    description: 'purpose',
    resolve: ({ context }) => context.purpose,
    isA: (actual, type) => purposes[actual]?.includes(type) ?? false,
  };
  const policy = offer({ permission: [permission(constraint('purpose', 'isA', 'research'))] });
  t.ok(createPolicyEngine({ functions: [purpose] }).evaluate(policy, negotiation({ purpose: 'clinical-trial' })).permitted);
  t.notOk(createPolicyEngine({ functions: [purpose] }).evaluate(policy, negotiation({ purpose: 'marketing' })).permitted);
  const plain = contextFunction('purpose');
  t.notOk(createPolicyEngine({ functions: [plain] }).evaluate(policy, negotiation({ purpose: 'clinical-trial' })).permitted);
  t.ok(createPolicyEngine({ functions: [plain], isA: (a, b) => a === 'clinical-trial' && b === 'research' }).evaluate(policy, negotiation({ purpose: 'clinical-trial' })).permitted);
});
