/** The STS: the tokens it signs, what it refuses, and access tokens across key rotation and revocation. */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import t from 'tap';
import { typeScope } from '../presentation/scopes.ts';
import { startDcpRuntime } from '../test-support/dcp-runtime.ts';
import { selfIssuedToken, startTestParties } from '../test-support/test-parties.ts';
import { verifyJws } from '../verify/verify-jws.ts';

const MEMBERSHIP = typeScope('MembershipCredential');

t.test('self-issued ID tokens, with and without an access token', async (t) => {
  const hub = await startDcpRuntime(t, { settings: { selfIssuedTokenTtlSeconds: 120 } });
  const alice = await hub.participant('alice', 'P-256');
  const verifier = 'did:web:verifier.example';

  const { token, expiresAt } = await hub.sts.createToken('alice', { audience: verifier, bearerAccessScopes: [MEMBERSHIP] });
  const header = decodeProtectedHeader(token);
  t.match(header, { alg: 'ES256', typ: 'JWT', kid: (await hub.keys.list('alice')).items[0]!.verificationMethodId });
  const claims = decodeJwt(token);
  t.match(claims, { iss: alice.did, sub: alice.did, aud: verifier, jti: String, token: String });
  t.equal(claims.exp! - claims.iat!, 120, 'the lifetime setting');
  t.equal(expiresAt.getTime(), claims.exp! * 1000);
  await verifyJws(hub.resolver, token, { relationship: 'capabilityInvocation', signer: alice.did });
  const access = claims.token as string;
  t.match(decodeProtectedHeader(access), { typ: 'at+jwt', kid: header.kid });
  t.match(decodeJwt(access), { iss: alice.did, aud: alice.did, sub: verifier, scope: MEMBERSHIP, jti: String });
  t.not(decodeJwt(access).jti, claims.jti);

  t.notOk('token' in decodeJwt((await hub.sts.createToken('alice', { audience: verifier })).token), 'no scopes: no access token');
  t.equal(decodeJwt((await hub.sts.createToken('alice', { audience: verifier, token: 'given' })).token).token, 'given', 'a given access token is carried');

  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: { status: number; message: string }) => `${e.status} ${e.message}`);
  t.match(await refusal(hub.sts.createToken('alice', { audience: 'https://verifier.example' })), /^400 the audience of a self-issued ID token must be a DID/);
  t.match(await refusal(hub.sts.createToken('alice', { audience: verifier, token: 'x', bearerAccessScopes: [MEMBERSHIP] })), /^400 .* not both/);
  t.match(await refusal(hub.sts.createToken('alice', { audience: verifier, bearerAccessScopes: ['a b'] })), /^400 a scope is a non-empty string without spaces/);
  t.match(await refusal(hub.sts.createToken('nobody', { audience: verifier })), /^409 participant nobody has no DID yet/);
});

t.test('access tokens signed by a rotated key still serve, those of a revoked key do not', async (t) => {
  const parties = await startTestParties(t);
  const verifier = await parties.party('verifier');
  const hub = await startDcpRuntime(t);
  const alice = await hub.participant('alice');
  const query = async (accessToken: string) => {
    const response = await fetch(`${alice.credentialService}/presentations/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await selfIssuedToken(verifier, alice.did, { token: accessToken })}` },
      body: JSON.stringify({ type: 'PresentationQueryMessage', scope: [MEMBERSHIP] }),
    });
    return response.status;
  };
  const grant = async () => decodeJwt((await hub.sts.createToken('alice', { audience: verifier.did, bearerAccessScopes: [MEMBERSHIP] })).token).token as string;

  const before = await grant();
  t.equal(await query(before), 200);
  const [first] = (await hub.keys.list('alice')).items;
  await hub.keys.rotate('alice', first!.id);
  t.equal(await query(before), 200, 'the rotated key is still published');
  const after = await grant();
  t.not(decodeProtectedHeader(after).kid, decodeProtectedHeader(before).kid, 'the successor signs new tokens');
  await hub.keys.revoke('alice', first!.id);
  t.equal(await query(before), 401, 'the revoked key no longer vouches for its access tokens');
  t.equal(await query(after), 200);
});
