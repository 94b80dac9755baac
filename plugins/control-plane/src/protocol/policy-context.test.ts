import { createPolicyEngine, parsePolicy } from '@tdss/policy-engine';
import t from 'tap';
import { policyContextOf } from './policy-context.ts';

t.test('claim objects become credentials of their type; other claims stay claims only', async (t) => {
  const claims = { MembershipCredential: { level: 'gold' }, RoleCredential: [{ role: 'a' }, { role: 'b' }], region: 'eu' };
  const context = policyContextOf({ participantId: 'did:web:x', claims });
  t.same(context.counterparty, {
    id: 'did:web:x',
    credentials: [
      { types: ['MembershipCredential'], issuer: 'urn:tdss:verified-by-identity-service', subject: { level: 'gold' } },
      { types: ['RoleCredential'], issuer: 'urn:tdss:verified-by-identity-service', subject: { role: 'a' } },
      { types: ['RoleCredential'], issuer: 'urn:tdss:verified-by-identity-service', subject: { role: 'b' } },
    ],
  });
  t.equal(context.claims, claims);
});

t.test('the policy engine reads them: participant id, credential and claim path', async (t) => {
  const engine = createPolicyEngine();
  const policy = (constraint: object) => parsePolicy({ '@id': 'p', '@type': 'Set', permission: [{ action: 'use', constraint: [constraint] }] });
  const context = policyContextOf({ participantId: 'did:web:x', claims: { MembershipCredential: { level: 'gold' }, RoleCredential: [{ role: 'a' }, { role: 'b' }] } });
  const permits = (constraint: object) => engine.evaluate(policy(constraint), { scope: 'contract.negotiation', context }).permitted;
  t.ok(permits({ leftOperand: 'dspace:participantId', operator: 'eq', rightOperand: 'did:web:x' }));
  t.ok(permits({ leftOperand: 'MembershipCredential', operator: 'eq', rightOperand: 'active' }));
  t.ok(permits({ leftOperand: 'MembershipCredential.level', operator: 'eq', rightOperand: 'gold' }));
  t.notOk(permits({ leftOperand: 'MembershipCredential.level', operator: 'eq', rightOperand: 'silver' }));
  t.ok(permits({ leftOperand: 'RoleCredential.role', operator: 'eq', rightOperand: 'b' }), 'any of several credentials');
  t.notOk(permits({ leftOperand: 'OtherCredential', operator: 'eq', rightOperand: 'active' }));
});
