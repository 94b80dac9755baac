import t from 'tap';
import { createPolicyEngine } from '../engine/create-policy-engine.ts';
import { parsePolicy } from '../parse/parse-policy.ts';
import { clockAt, constraint } from '../test-support/policies.ts';

const rules = { permission: [{ action: 'use', constraint: [constraint('elapsedTime', 'lteq', { '@value': 'P1M', '@type': 'xsd:duration' })] }] };
const agreement = parsePolicy({
  '@id': 'urn:uuid:agreement-1',
  '@type': 'Agreement',
  target: 'urn:uuid:dataset-1',
  assigner: 'did:web:provider',
  assignee: 'did:web:consumer',
  timestamp: '2025-01-31T00:00:00Z',
  ...rules,
});

t.test('elapsedTime counts from the agreement timestamp, by the calendar', async (t) => {
  const at = (iso: string) => createPolicyEngine({ clock: clockAt(iso) }).evaluate(agreement, { scope: 'transfer.process' });
  t.ok(at('2025-02-28T00:00:00Z').permitted, 'one month after 31 January ends on 28 February');
  const late = at('2025-02-28T00:00:01Z');
  t.match(late.failures, [
    {
      code: 'unsatisfied',
      leftOperand: 'elapsedTime',
      actual: { from: '2025-01-31T00:00:00.000Z', to: '2025-02-28T00:00:01.000Z' },
      reason: 'elapsedTime lteq "P1M"^^xsd:duration does not hold for the time elapsed from 2025-01-31T00:00:00.000Z to 2025-02-28T00:00:01.000Z',
    },
  ]);
});

t.test('before an agreement exists no time has elapsed', async (t) => {
  const offer = parsePolicy({ '@id': 'urn:uuid:offer-1', '@type': 'Offer', ...rules });
  t.ok(createPolicyEngine({ clock: clockAt('2030-01-01T00:00:00Z') }).evaluate(offer, { scope: 'contract.negotiation' }).permitted);
  const strict = parsePolicy({ '@id': 'urn:uuid:offer-2', '@type': 'Offer', permission: [{ action: 'use', constraint: [constraint('elapsedTime', 'gt', 'PT1S')] }] });
  t.notOk(createPolicyEngine().evaluate(strict, { scope: 'contract.negotiation' }).permitted);
});
