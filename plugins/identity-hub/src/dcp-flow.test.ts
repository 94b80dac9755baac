/**
 * The whole DCP flow between two participants of one runtime: a did:web issuer delivers
 * credentials to alice through the Storage API; alice's outgoing DSP request carries a
 * self-issued token from her STS; bob's verifier queries alice's credential service with it,
 * verifies what she presents, and hands the claims on in the shape the policy engine reads.
 */
import { createPolicyEngine, parsePolicy } from '@tdss/policy-engine';
import { forEachDialect } from '@tdss/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import t from 'tap';
import { startDcpRuntime } from './test-support/dcp-runtime.ts';
import { deliver, issueVc11, issueVc20, serveStatusList, startTestParties } from './test-support/test-parties.ts';

forEachDialect(t, 'alice presents her credentials to bob', async (t, _dialect, database) => {
  const parties = await startTestParties(t);
  const issuer = await parties.party('issuer');
  const hub = await startDcpRuntime(t, {
    database,
    trusted: [{ issuer, types: ['MembershipCredential', 'DataProcessorCredential'] }],
    requiredCredentialTypes: ['MembershipCredential', 'DataProcessorCredential'],
  });
  const alice = await hub.participant('alice', 'Ed25519');
  const bob = await hub.participant('bob', 'P-256');

  const revocations = serveStatusList(issuer, { kind: 'BitstringStatusList' });
  const membership = await issueVc11(issuer, { subject: alice.did, type: 'MembershipCredential', claims: { level: 'gold' }, status: revocations.entry(7) });
  const processor = await issueVc20(issuer, { subject: alice.did, type: 'DataProcessorCredential', claims: { contractVersion: 2 } });
  const delivery = await deliver(issuer, alice, [
    { type: 'MembershipCredential', payload: membership },
    { type: 'DataProcessorCredential', payload: processor, format: 'vc20-bssl/jwt' },
  ]);
  t.equal(delivery.status, 204, 'the Storage API takes both credentials');
  t.same((await hub.credentials.list('alice')).items.map((c) => [c.format, c.types[1]]), [
    ['vc11-sl2021/jwt', 'MembershipCredential'],
    ['vc20-bssl/jwt', 'DataProcessorCredential'],
  ]);

  const authorization = await hub.identity.authorize({ participantContextId: 'alice', participantId: alice.did, counterpartyId: bob.did, counterpartyAddress: 'http://bob' });
  const token = authorization.replace(/^Bearer /, '');
  t.match(decodeProtectedHeader(token), { alg: 'EdDSA', typ: 'JWT', kid: new RegExp(`^${alice.did}#`) });
  const claims = decodeJwt(token);
  t.match(claims, { iss: alice.did, sub: alice.did, aud: bob.did, jti: String, iat: Number, exp: Number, token: String });
  t.match(decodeJwt(claims.token as string), {
    iss: alice.did,
    aud: alice.did,
    sub: bob.did,
    scope: 'org.eclipse.dspace.dcp.vc.type:MembershipCredential:read org.eclipse.dspace.dcp.vc.type:DataProcessorCredential:read',
  });

  const verified = await hub.identity.verify({ authorization, audience: bob.did, participantContextId: 'bob' });
  t.equal(verified.participantId, alice.did);
  t.same(verified.claims, {
    MembershipCredential: [{ id: alice.did, level: 'gold' }],
    DataProcessorCredential: [{ id: alice.did, contractVersion: 2 }],
  }, 'the credential subjects, keyed by credential type');
  t.equal(revocations.fetches, 1, 'the status list was checked');

  // What the policy engine's credential functions read: each claim object becomes a credential of
  // its type in counterparty.credentials, as the control plane's policyContextOf maps them.
  const credentials = Object.entries(verified.claims).flatMap(([type, subjects]) =>
    (subjects as Array<Record<string, unknown>>).map((subject) => ({ types: [type], issuer: 'urn:tdss:verified-by-identity-service', subject })),
  );
  const engine = createPolicyEngine({});
  const policy = parsePolicy({
    '@id': 'urn:uuid:offer',
    '@type': 'Offer',
    permission: [
      {
        action: 'use',
        constraint: [
          { leftOperand: 'MembershipCredential', operator: 'eq', rightOperand: 'active' },
          { leftOperand: 'MembershipCredential.level', operator: 'eq', rightOperand: 'gold' },
          { leftOperand: 'DataProcessorCredential.contractVersion', operator: 'gteq', rightOperand: 2 },
        ],
      },
    ],
  });
  const decision = engine.evaluate(policy, { scope: 'contract.negotiation', context: { counterparty: { id: verified.participantId, credentials } } });
  t.ok(decision.permitted, decision.explain({ audience: 'owner' }));

  const replay = await hub.identity.verify({ authorization, audience: bob.did, participantContextId: 'bob' }).catch((e: Error) => e);
  t.match(replay, { status: 401, message: /used before/ }, 'the same token a second time is refused');

  const back = await hub.identity.authorize({ participantContextId: 'bob', participantId: bob.did, counterpartyId: alice.did, counterpartyAddress: 'http://alice' });
  const refused = await hub.identity.verify({ authorization: back, audience: alice.did, participantContextId: 'alice' }).catch((e: Error) => e);
  t.match(refused, { status: 401, message: /presented nothing|no valid MembershipCredential/ }, 'bob holds no credentials, so alice refuses him');
});
