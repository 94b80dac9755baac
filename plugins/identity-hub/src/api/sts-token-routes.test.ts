/** The HTTP STS: client secrets set through the identity API, tokens as the DCP TCK asks for them, and refusals. */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import t from 'tap';
import { typeScope } from '../presentation/scopes.ts';
import { startDcpRuntime } from '../test-support/dcp-runtime.ts';
import { selfIssuedToken, startTestParties } from '../test-support/test-parties.ts';
import { verifyJws } from '../verify/verify-jws.ts';

const MEMBERSHIP = typeScope('MembershipCredential');
const SECRET = '5up3r$3cr3t-for-alice';

t.test('the client credentials grant, as the DCP TCK uses it', async (t) => {
  const parties = await startTestParties(t);
  const verifier = await parties.party('verifier');
  const hub = await startDcpRuntime(t, { settings: { selfIssuedTokenTtlSeconds: 120 } });
  const alice = await hub.participant('alice', 'P-256');
  await hub.participant('bob');
  const tokenUrl = `${hub.url('protocol')}/sts/token`;
  const requestToken = async (fields: Record<string, string>, init: { contentType?: string; body?: string } = {}) => {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': init.contentType ?? 'application/x-www-form-urlencoded' },
      body: init.body ?? new URLSearchParams(fields).toString(),
    });
    const text = await response.text();
    hub.answers.push(text);
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  };
  const grant = { grant_type: 'client_credentials', client_id: 'alice', client_secret: SECRET, audience: verifier.did, bearer_access_scope: MEMBERSHIP };

  t.equal((await requestToken(grant)).status, 401, 'no secret set yet');
  t.equal((await hub.api('PUT', '/v1/participants/alice/sts/client-secret', { clientSecret: SECRET })).status, 204);
  const stored = await hub.secrets.list('alice', 'identity-hub/sts/');
  t.same(stored, ['identity-hub/sts/client-secret-sha256'], 'one entry, under alice');
  t.same(await hub.secrets.list('bob', 'identity-hub/sts/'), [], 'none under bob');
  t.not(await hub.secrets.get('alice', stored[0]!), SECRET, 'only a digest is kept');

  const answer = await requestToken(grant);
  t.equal(answer.status, 200);
  t.equal(answer.headers.get('cache-control'), 'no-store');
  t.match(answer.body, { access_token: String, token_type: 'Bearer' });
  t.ok(answer.body.expires_in > 100 && answer.body.expires_in <= 120, 'expires_in from the lifetime setting');
  const idToken = answer.body.access_token as string;
  t.match(decodeProtectedHeader(idToken), { alg: 'ES256' });
  t.match(decodeJwt(idToken), { iss: alice.did, sub: alice.did, aud: verifier.did, token: String });
  await verifyJws(hub.resolver, idToken, { relationship: 'capabilityInvocation', signer: alice.did });
  const accessToken = decodeJwt(idToken).token as string;
  t.match(decodeJwt(accessToken), { iss: alice.did, sub: verifier.did, scope: MEMBERSHIP });

  // What the kit does with it: present the access token to alice's credential service.
  const query = await fetch(`${alice.credentialService}/presentations/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await selfIssuedToken(verifier, alice.did, { token: accessToken })}` },
    body: JSON.stringify({ type: 'PresentationQueryMessage', scope: [MEMBERSHIP] }),
  });
  t.equal(query.status, 200, 'the access token serves a presentation query');

  t.notOk('token' in decodeJwt((await requestToken({ ...grant, bearer_access_scope: '' })).body.access_token), 'no scopes: no access token');
  t.equal(decodeJwt((await requestToken({ ...grant, bearer_access_scope: `${MEMBERSHIP}  ${typeScope('X')}` })).body.access_token).token !== undefined, true);
  t.equal(decodeJwt((await requestToken({ ...grant, bearer_access_scope: '', token: 'given' })).body.access_token).token, 'given', 'a given token is carried');

  const refused = async (fields: Record<string, string>, init?: { contentType?: string; body?: string }) => {
    const { status, headers, body } = await requestToken(fields, init);
    return `${status} ${headers.get('content-type')?.split(';')[0]} ${body.detail}`;
  };
  const invalid = '401 application/problem+json invalid client credentials';
  t.equal(await refused({ ...grant, client_secret: `${SECRET}x` }), invalid, 'a wrong secret');
  t.equal(await refused({ ...grant, client_secret: '' }), invalid, 'an empty secret');
  t.equal(await refused({ ...grant, client_secret: undefined as unknown as string }), invalid, 'no secret');
  t.equal(await refused({ ...grant, client_id: 'bob' }), invalid, "alice's secret for bob");
  t.equal(await refused({ ...grant, client_id: 'nobody' }), invalid, 'an unknown client');
  t.equal(await refused({ ...grant, client_id: '../alice' }), invalid, 'a client id that is no participant id');
  t.match(await refused({ ...grant, grant_type: 'password' }), /^400 .* grant_type must be client_credentials/);
  t.match(await refused({ ...grant, audience: '' }), /^400 .* audience is required/);
  t.match(await refused({ ...grant, audience: 'https://verifier.example' }), /^400 .* must be a DID/);
  t.match(await refused({ ...grant, token: 'x' }), /^400 .* not both/);
  t.match(await refused({}, { body: `${new URLSearchParams(grant)}&client_id=bob` }), /^400 .* client_id must be given once/);
  t.match(await refused({}, { contentType: 'application/json', body: JSON.stringify(grant) }), /^415 .* expected a form body/);
  t.match(await refused({}, { body: `${new URLSearchParams(grant)}&pad=${'x'.repeat(20_000)}` }), /^413 /);

  t.equal((await hub.api('PUT', '/v1/participants/alice/sts/client-secret', { clientSecret: 'short' })).status, 400);
  t.equal((await hub.api('PUT', '/v1/participants/alice/sts/client-secret', {})).status, 400);
  t.equal((await hub.api('PUT', '/v1/participants/alice/sts/client-secret', { clientSecret: SECRET, other: 1 })).status, 400);
  t.equal((await requestToken(grant)).status, 200, 'refused updates left the secret as it was');
  t.equal((await hub.api('PUT', '/v1/participants/alice/sts/client-secret', { clientSecret: `${SECRET}-new` })).status, 204);
  t.equal(await refused(grant), invalid, 'a replaced secret no longer works');
  t.equal((await requestToken({ ...grant, client_secret: `${SECRET}-new` })).status, 200);
  t.equal((await hub.api('DELETE', '/v1/participants/alice/sts/client-secret')).status, 204);
  t.equal(await refused({ ...grant, client_secret: `${SECRET}-new` }), invalid, 'a removed secret no longer works');
  t.equal((await hub.api('DELETE', '/v1/participants/alice/sts/client-secret')).status, 404);

  const openapi = await hub.api('GET', '/openapi.json');
  t.ok(openapi.body.paths['/v1/participants/{participantId}/sts/client-secret'], 'the identity API lists the secret path');
  t.ok((await hub.api('GET', '/openapi.json', undefined, 'protocol')).body.paths['/sts/token'], 'the protocol API lists the token path');

  const everything = `${hub.answers.join('\n')}\n${hub.logs.text()}`;
  t.notOk(everything.includes(SECRET), 'no client secret in any answer or log line');
  t.notOk(hub.logs.text().includes(idToken), 'no issued token in a log line');
});
