import t from 'tap';
import { evaluateAttestations } from './evaluate-attestations.ts';
import { holderMatches } from './holder-pattern.ts';

t.test('holder patterns', async (t) => {
  t.ok(holderMatches('did:web:a.example', 'did:web:a.example'));
  t.notOk(holderMatches('did:web:a.example', 'did:web:a.example:x'), 'a DID without * must match exactly');
  t.ok(holderMatches('did:web:127.0.0.1%3A*:alice', 'did:web:127.0.0.1%3A8080:alice'));
  t.notOk(holderMatches('did:web:127.0.0.1%3A*:alice', 'did:web:127.0.0.1%3A8080:mallory'));
  t.notOk(holderMatches('did:web:a.example*', 'did:web:aXexample'), 'a dot is no wildcard');
  t.ok(holderMatches('*', 'did:key:z6Mk'));
});

t.test('decisions', async (t) => {
  const allow = { type: 'holderAllowList' as const, holders: [{ holder: 'did:web:*', claims: { level: 'silver' } }, { holder: 'did:web:gold', claims: { level: 'gold', since: 2020 } }] };
  t.same(evaluateAttestations([allow], 'did:web:gold', 'MembershipCredential', false), { decision: 'issue', claims: { level: 'gold', since: 2020 } }, 'later entries win');
  t.same(evaluateAttestations([allow], 'did:web:x', 'MembershipCredential', false), { decision: 'issue', claims: { level: 'silver' } });
  t.same(evaluateAttestations([allow], 'did:key:z', 'MembershipCredential', false), { decision: 'reject', reason: 'did:key:z is not allowed to hold a MembershipCredential' });
  const approval = { type: 'operatorApproval' as const };
  t.same(evaluateAttestations([approval, allow], 'did:web:x', 'M', false), { decision: 'approval' });
  t.same(evaluateAttestations([approval, allow], 'did:web:x', 'M', true), { decision: 'issue', claims: { level: 'silver' } });
  t.same(evaluateAttestations([approval, allow], 'did:key:z', 'M', false).decision, 'reject', 'a refusal does not wait for the operator');
  t.same(evaluateAttestations([], 'did:key:z', 'M', false), { decision: 'issue', claims: {} }, 'no attestation issues to anyone');
});
