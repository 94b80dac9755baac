import t from 'tap';
import { createPolicyEngine } from '../engine/create-policy-engine.ts';
import type { CounterpartyCredential } from '../model/evaluation.ts';
import { clockAt, constraint, offer, permission } from '../test-support/policies.ts';
import { CREDENTIAL_CLAIM } from './credential-claim-function.ts';

const engine = createPolicyEngine({ clock: clockAt('2025-06-01T00:00:00Z') });
const membership: CounterpartyCredential = {
  types: ['VerifiableCredential', 'MembershipCredential'],
  issuer: 'did:web:authority',
  validFrom: '2025-01-01T00:00:00Z',
  validUntil: '2026-01-01T00:00:00Z',
  subject: { id: 'did:web:consumer', membershipStartDate: '2025-01-01T00:00:00Z' },
};
const manufacturer = (partTypes: unknown, extra: Partial<CounterpartyCredential> = {}): CounterpartyCredential => ({
  types: ['VerifiableCredential', 'https://w3id.org/example/credentials/ManufacturerCredential'],
  issuer: 'did:web:authority',
  subject: { id: 'did:web:consumer', part_types: partTypes, site: { country: 'DE', lines: ['a', 'b'] } },
  ...extra,
});
const decide = (left: string, operator: string, right: unknown, credentials: CounterpartyCredential[]) =>
  engine.evaluate(offer({ permission: [permission(constraint(left, operator, right))] }), {
    scope: 'contract.negotiation',
    context: { counterparty: { id: 'did:web:consumer', credentials } },
  });

t.test('the left-operand convention', async (t) => {
  const groups = (term: string) => CREDENTIAL_CLAIM.exec(term)?.slice(1);
  t.same(groups('MembershipCredential'), [undefined, 'MembershipCredential', undefined]);
  t.same(groups('ManufacturerCredential.site.country'), [undefined, 'ManufacturerCredential', 'site.country']);
  t.same(groups('vc:Member.level'), ['Member', undefined, 'level']);
  t.equal(CREDENTIAL_CLAIM.exec('dateTime'), null);
  t.equal(CREDENTIAL_CLAIM.exec('membershipCredential'), null, 'type names start upper case');
  t.equal(CREDENTIAL_CLAIM.exec('Member.level'), null, 'types without the Credential suffix need vc:');
});

t.test('MembershipCredential is active while a valid one is held', async (t) => {
  t.ok(decide('MembershipCredential', 'eq', 'active', [membership]).permitted);
  t.match(decide('MembershipCredential', 'eq', 'active', [{ ...membership, validUntil: '2025-05-31T23:59:59Z' }]).failures, [{ code: 'unsatisfied', actual: 'inactive' }]);
  t.match(decide('MembershipCredential', 'eq', 'active', [{ ...membership, validFrom: '2025-07-01' }]).failures, [{ actual: 'inactive' }], 'not yet valid');
  t.match(decide('MembershipCredential', 'eq', 'active', [{ ...membership, validUntil: 'soon' }]).failures, [{ actual: 'inactive' }], 'unreadable validity is invalid');
  t.match(decide('MembershipCredential', 'eq', 'active', []).failures, [{ code: 'no-value', reason: 'no value for leftOperand MembershipCredential: the counterparty presented no MembershipCredential' }]);
});

t.test('claims by path, from any valid credential of the type', async (t) => {
  t.ok(decide('ManufacturerCredential.part_types', 'eq', 'non_critical', [manufacturer('non_critical')]).permitted, 'types given as IRIs match');
  t.match(decide('ManufacturerCredential.part_types', 'eq', 'all', [manufacturer('non_critical')]).failures, [{ code: 'unsatisfied', actual: 'non_critical' }]);
  t.ok(decide('ManufacturerCredential.part_types', 'eq', 'all', [manufacturer('non_critical'), manufacturer('all')]).permitted, 'one of two credentials suffices');
  t.notOk(decide('ManufacturerCredential.part_types', 'eq', 'all', [manufacturer('non_critical'), manufacturer('all', { validUntil: '2025-01-01' })]).permitted, 'expired credentials do not count');
  t.ok(decide('ManufacturerCredential.site.country', 'isAnyOf', ['DE', 'FR'], [manufacturer('x')]).permitted, 'nested claims');
  t.ok(decide('ManufacturerCredential.site.lines', 'hasPart', 'b', [manufacturer('x')]).permitted, 'array claims are sets');
  t.ok(decide('ManufacturerCredential.site.lines.1', 'eq', 'b', [manufacturer('x')]).permitted, 'array items by index');
  t.ok(decide('ManufacturerCredential.part_types', 'isAllOf', ['pumps'], [manufacturer(['pumps', 'valves'])]).permitted);
  t.match(decide('ManufacturerCredential.site.region', 'eq', 'EU', [manufacturer('x')]).failures, [{ code: 'no-value', reason: /no valid ManufacturerCredential of the counterparty has the claim site\.region/ }]);
  t.match(decide('ManufacturerCredential.part_types', 'eq', 'x', [manufacturer('x', { validFrom: '2026-01-01T00:00:00Z' })]).failures, [{ code: 'no-value', reason: /is valid at 2025-06-01T00:00:00\.000Z/ }]);
  t.match(decide('ManufacturerCredential.__proto__', 'eq', 'x', [manufacturer('x')]).failures, [{ code: 'no-value' }], 'only own claims are read');
});

t.test('vc:<Type> for types without the Credential suffix, and several subjects', async (t) => {
  const member: CounterpartyCredential = {
    types: ['VerifiableCredential', 'Member'],
    issuer: 'did:web:authority',
    subject: [{ id: 'did:web:consumer', level: 1 }, { id: 'did:web:consumer#unit', level: 3 }],
  };
  t.ok(decide('vc:Member.level', 'gteq', 2, [member]).permitted);
  t.notOk(decide('vc:Member.level', 'gt', 3, [member]).permitted);
  t.ok(decide('vc:Member', 'eq', 'active', [member]).permitted);
});
