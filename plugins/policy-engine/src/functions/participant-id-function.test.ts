import t from 'tap';
import { createPolicyEngine } from '../engine/create-policy-engine.ts';
import { constraint, offer, permission } from '../test-support/policies.ts';

const engine = createPolicyEngine();
const consumer = { id: 'did:web:consumer.example.com' };

t.test('the counterparty identity, by the DSP participantId term', async (t) => {
  const only = offer({ permission: [permission(constraint('dspace:participantId', 'eq', 'did:web:consumer.example.com'))] });
  t.ok(engine.evaluate(only, { scope: 'catalog', context: { counterparty: consumer } }).permitted);
  t.match(engine.evaluate(only, { scope: 'catalog', context: { counterparty: { id: 'did:web:other.example.com' } } }).failures, [
    { code: 'unsatisfied', leftOperand: 'dspace:participantId', actual: 'did:web:other.example.com' },
  ]);
  t.match(engine.evaluate(only, { scope: 'catalog', context: {} }).failures, [{ code: 'no-value', reason: 'no value for leftOperand dspace:participantId: the counterparty is not identified' }]);

  const expanded = offer({ permission: [permission(constraint('https://w3id.org/dspace/2025/1/participantId', 'isAnyOf', ['did:web:a', 'did:web:consumer.example.com']))] });
  t.ok(engine.evaluate(expanded, { scope: 'contract.negotiation', context: { counterparty: consumer } }).permitted, 'the expanded IRI names the same function');

  const blocked = offer({ permission: [{ action: 'use' }], prohibition: [{ action: 'use', constraint: [constraint('dspace:participantId', 'isAnyOf', ['did:web:consumer.example.com'])] }] });
  t.match(engine.evaluate(blocked, { scope: 'transfer.process', context: { counterparty: consumer } }).failures, [{ code: 'prohibited' }]);
});
