import type { Logger } from '@tdss/sdk';
import t from 'tap';
import { createTrustRegistry } from './create-trust-registry.ts';

t.test('a dataspace\'s issuer is trusted for the types its participants request from it', async (t) => {
  const registry = createTrustRegistry([
    { name: 'with', participantContexts: ['a'], issuer: 'did:web:authority', trustedIssuers: [{ did: 'did:web:other', credentialTypes: ['X'] }], requiredCredentialTypes: ['MembershipCredential'] },
    { name: 'without', trustedIssuers: [], requiredCredentialTypes: ['MembershipCredential'] },
  ], {} as Logger);
  const trust = registry.forParticipant('a')!;
  t.equal(trust.issuer, 'did:web:authority');
  t.ok(trust.trusts('did:web:authority', 'MembershipCredential'));
  t.ok(trust.trusts('did:web:authority', 'https://example.com/ns#MembershipCredential'), 'as an IRI too');
  t.notOk(trust.trusts('did:web:authority', 'X'), 'not for other types');
  t.ok(trust.trusts('did:web:other', 'X'), 'the listed issuers stay');
  t.equal(registry.forParticipant('b')!.issuer, undefined);
  t.notOk(registry.forParticipant('b')!.knowsIssuer('did:web:authority'), 'another dataspace does not trust it');
});
