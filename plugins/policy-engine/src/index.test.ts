import { definePlugin } from '@tdss/sdk';
import { createLogCapture, startTestRuntime } from '@tdss/testing';
import t from 'tap';
import policyEngine, { PolicyEngine, PolicyFunctions, type LeftOperandFunction } from './index.ts';
import { constraint, offer, permission } from './test-support/policies.ts';

const tier: LeftOperandFunction = {
  leftOperand: 'tier',
  scopes: ['contract.negotiation'],
  description: 'membership tier from the tenant directory',
  resolve: ({ context }) => context.tier,
};

function contributor(name: string, fn: LeftOperandFunction) {
  return definePlugin({
    name,
    version: '1.0.0',
    contributes: [PolicyFunctions],
    register: (ctx) => ctx.contribute(PolicyFunctions, fn),
  });
}

const policy = offer({ permission: [permission(constraint('tier', 'gteq', 3), constraint('MembershipCredential', 'eq', 'active'))] });
const credential = { types: ['MembershipCredential'], issuer: 'did:web:authority', subject: { id: 'did:web:consumer' } };

t.test('provides PolicyEngine with the built-in functions and the contributed ones', async (t) => {
  const runtime = await startTestRuntime(t, { plugins: [{ plugin: policyEngine }, { plugin: contributor('acme-directory', tier) }] });
  const engine = runtime.get(PolicyEngine);
  const context = { tier: 4, counterparty: { id: 'did:web:consumer', credentials: [credential] } };
  t.ok(engine.evaluate(policy, { scope: 'contract.negotiation', context }).permitted);
  t.match(engine.evaluate(policy, { scope: 'contract.negotiation', context: { ...context, tier: 1 } }).failures, [{ code: 'unsatisfied', leftOperand: 'tier' }]);
  t.ok(engine.evaluate(policy, { scope: 'catalog', context }).permitted, 'tier has no catalog function: the catalog ignores it by default');
});

t.test('per-scope settings', async (t) => {
  const runtime = await startTestRuntime(t, {
    plugins: [{ plugin: policyEngine, settings: { scopes: { catalog: { unknownLeftOperand: 'deny' } } } }, { plugin: contributor('acme-directory', tier) }],
  });
  const context = { tier: 4, counterparty: { id: 'did:web:consumer', credentials: [credential] } };
  t.match(runtime.get(PolicyEngine).evaluate(policy, { scope: 'catalog', context }).failures, [{ code: 'no-function', leftOperand: 'tier' }]);

  await t.rejects(
    startTestRuntime(t, { plugins: [{ plugin: policyEngine, settings: { scopes: { provisioning: { unknownLeftOperand: 'deny' } } } }] }),
    /provisioning/,
    'an unknown scope in the settings is refused',
  );
  await t.rejects(
    startTestRuntime(t, { plugins: [{ plugin: policyEngine, settings: { scopes: { catalog: { unknownLeftOperand: 'allow' } } } }] }),
    /unknownLeftOperand/,
  );
});

t.test('two plugins serving one left operand in one scope stop the start', async (t) => {
  await t.rejects(
    startTestRuntime(t, { plugins: [{ plugin: policyEngine }, { plugin: contributor('a', tier) }, { plugin: contributor('b', { ...tier, description: 'another tier' }) }] }),
    { code: 'KERNEL_START_FAILED', cause: { code: 'POLICY_FUNCTION_DUPLICATE', plugin: '@tdss/policy-engine' }, message: /two policy functions serve leftOperand tier in scope contract\.negotiation/ },
  );
});

t.test('denials are logged under the decision id; values stay out of the info line', async (t) => {
  const logs = createLogCapture();
  const runtime = await startTestRuntime(t, {
    plugins: [{ plugin: policyEngine }, { plugin: contributor('acme-directory', tier) }],
    logLevel: 'debug',
    logDestination: logs,
  });
  const decision = runtime.get(PolicyEngine).evaluate(policy, {
    scope: 'contract.negotiation',
    context: { tier: 1, counterparty: { id: 'did:web:consumer', credentials: [{ ...credential, validUntil: '2000-01-01T00:00:00Z' }] } },
  });
  const info = logs.lines.find((line) => line.msg === 'policy denied');
  t.match(info, {
    plugin: '@tdss/policy-engine',
    decision: decision.id,
    scope: 'contract.negotiation',
    policy: 'urn:uuid:offer-1',
    failures: [
      { code: 'unsatisfied', rule: 'permission[0]', constraint: 'permission[0].constraint[0]', leftOperand: 'tier', operator: 'gteq' },
      { code: 'unsatisfied', rule: 'permission[0]', constraint: 'permission[0].constraint[1]', leftOperand: 'MembershipCredential', operator: 'eq' },
    ],
  });
  const infoText = JSON.stringify(info);
  t.notOk(infoText.includes('inactive'), 'the actual value is not in the info line');
  t.notOk(infoText.includes('"rightOperand"'), 'nor the expected one');
  const debug = logs.lines.find((line) => line.msg === 'policy denial detail');
  t.match(debug, { decision: decision.id, failures: [{ actual: 1, rightOperand: 3 }, { actual: 'inactive' }] });
  t.notOk(logs.lines.some((line) => line.msg === 'policy denied' && line.decision !== decision.id), 'one denial, one line');
});
