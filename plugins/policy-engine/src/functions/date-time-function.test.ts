import t from 'tap';
import { createPolicyEngine } from '../engine/create-policy-engine.ts';
import { parsePolicy } from '../parse/parse-policy.ts';
import { clockAt, constraint, dspExample, offer, permission } from '../test-support/policies.ts';

const window = offer({ permission: [permission(constraint('dateTime', 'gteq', '2025-01-01T00:00:00Z'), constraint('odrl:dateTime', 'lt', { '@value': '2025-02-01', '@type': 'xsd:date' }))] });
const at = (iso: string) => createPolicyEngine({ clock: clockAt(iso) }).evaluate(window, { scope: 'transfer.process' });

t.test('a time window with an injected clock', async (t) => {
  t.ok(at('2025-01-15T12:00:00Z').permitted);
  t.ok(at('2025-01-01T00:00:00Z').permitted, 'the start is inclusive');
  t.match(at('2024-12-31T23:59:59Z').failures, [{ code: 'unsatisfied', leftOperand: 'dateTime', operator: 'gteq', actual: '2024-12-31T23:59:59.000Z' }]);
  t.match(at('2025-02-01T00:00:00Z').failures, [{ code: 'unsatisfied', constraintPath: 'permission[0].constraint[1]', actual: '2025-02-01T00:00:00.000Z' }]);
  t.ok(at('2025-01-31T23:59:59Z').permitted, 'lt a date means before that day begins (UTC)');
});

t.test('offsets are honoured', async (t) => {
  const policy = offer({ permission: [permission(constraint('dateTime', 'lt', '2025-06-01T12:00:00+02:00'))] });
  const engine = (iso: string) => createPolicyEngine({ clock: clockAt(iso) }).evaluate(policy, { scope: 'catalog' });
  t.ok(engine('2025-06-01T09:59:59Z').permitted);
  t.notOk(engine('2025-06-01T10:00:00Z').permitted);
});

t.test('the DSP 2025-1 agreement example: usable until 2023-12-31T06:00Z', async (t) => {
  const agreement = parsePolicy((await dspExample('contract-agreement-message.json')).agreement);
  const decide = (iso: string) => createPolicyEngine({ clock: clockAt(iso) }).evaluate(agreement, { scope: 'transfer.process' });
  t.ok(decide('2023-12-31T06:00:00Z').permitted);
  t.match(decide('2023-12-31T06:00:01Z'), { permitted: false, failures: [{ reason: 'dateTime lteq "2023-12-31T06:00Z" does not hold for "2023-12-31T06:00:01.000Z"' }] });
});

t.test('a right operand that is not a date is a type mismatch', async (t) => {
  const policy = offer({ permission: [permission(constraint('dateTime', 'lt', 'next year'))] });
  t.match(createPolicyEngine().evaluate(policy, { scope: 'catalog' }).failures, [{ code: 'type-mismatch', reason: /expected two ISO 8601 dates or date-times/ }]);
});
