import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import t from 'tap';
import { OPERATOR_TOKEN, startManagementRuntime } from '../test-support/management-runtime.ts';
import { AUDIENCE, startOidcIdp } from '../test-support/oidc-idp.ts';

const COOLDOWN_SECONDS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

t.test('access tokens of a real OpenID provider: roles, tenant scope, and every forgery refused', async (t) => {
  const idp = await startOidcIdp(t);
  const { call, logs } = await startManagementRuntime(t, {
    adminToken: OPERATOR_TOKEN,
    oidc: { issuer: idp.issuer, audience: AUDIENCE, clockToleranceSeconds: 0, jwksCooldownSeconds: COOLDOWN_SECONDS },
  });
  const used: string[] = [];
  const token = async (...args: Parameters<typeof idp.token>) => {
    const value = await idp.token(...args);
    used.push(value);
    return value;
  };
  for (const id of ['tenant-a', 'tenant-b']) {
    t.equal((await call('POST', '/v1/participants', OPERATOR_TOKEN, { id, participantId: `did:web:${id}.example` })).status, 201);
  }

  await t.test('an operator does anything, a viewer only reads, a token without a role nothing', async (t) => {
    const operator = await token('operator');
    t.match(claimsOf(operator), { iss: idp.issuer, aud: AUDIENCE, roles: ['operator'] }, 'the provider issued a JWT access token for our audience');
    t.equal((await call('GET', '/v1/participants', operator)).status, 200);
    t.equal(idp.jwksFetches(), 1, 'the first token fetched the JWKS once');
    t.equal((await call('POST', '/v1/participants/tenant-a/assets', operator, { '@id': 'a1', dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:1/x' } })).status, 201);
    t.equal((await call('POST', '/v1/tenants', operator, { id: 'acme', name: 'Acme' })).status, 201);

    const viewer = await token('viewer');
    t.equal((await call('GET', '/v1/participants', viewer)).status, 200);
    t.equal((await call('GET', '/v1/participants/tenant-a/assets/a1', viewer)).status, 200);
    t.equal((await call('GET', '/v1/tenants/acme', viewer)).status, 200);
    for (const [method, path, body] of [
      ['POST', '/v1/tenants', { id: 'evil', name: 'Evil' }],
      ['POST', '/v1/tenants/acme/suspend', undefined],
      ['DELETE', '/v1/tenants/acme', undefined],
      ['POST', '/v1/participants/tenant-a/assets', { '@id': 'a2', dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:1/x' } }],
      ['DELETE', '/v1/participants/tenant-a/assets/a1', undefined],
      ['POST', '/v1/participants/tenant-a/keypairs', {}],
      ['POST', '/v1/tenants/acme/tokens', {}],
    ] as const) {
      t.equal((await call(method, path, viewer, body)).status, 403, `viewer: ${method} ${path} is 403`);
    }
    t.equal((await call('GET', '/v1/participants/tenant-a/assets/a1', operator)).status, 200, 'the viewer deleted nothing');

    const roleless = await token('no-role');
    t.equal((await call('GET', '/v1/participants', roleless)).status, 403, 'a role the API does not know grants nothing');
  });

  await t.test('a token with the tenant claim is scoped to that tenant', async (t) => {
    const tenant = await token('tenant-a');
    t.equal((await call('GET', '/v1/participants/tenant-a/assets', tenant)).status, 200);
    t.equal((await call('POST', '/v1/participants/tenant-a/assets', tenant, { '@id': 'own', dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:1/x' } })).status, 201);
    t.equal((await call('GET', '/v1/participants/tenant-b/assets', tenant)).status, 404, "another participant's assets do not exist");
    t.equal((await call('GET', '/v1/participants', tenant)).status, 403, 'the list of participants is the operator\'s');
    t.equal((await call('POST', '/v1/tenants', tenant, { id: 'x', name: 'x' })).status, 403);
    const tenantViewer = await token('tenant-a-viewer');
    t.equal((await call('GET', '/v1/participants/tenant-a/assets', tenantViewer)).status, 200);
    t.equal((await call('DELETE', '/v1/participants/tenant-a/assets/own', tenantViewer)).status, 403, 'a tenant viewer reads only');
  });

  await t.test('wrong audience, wrong issuer, tampering, unknown keys and unsigned tokens are 401', async (t) => {
    const viewer = await token('viewer');
    const [header, payload, signature] = viewer.split('.') as [string, string, string];
    const escalated = `${header}.${b64({ ...claimsOf(viewer), roles: ['operator'] })}.${signature}`;
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;

    // A provider with the same signing key but another issuer: the signature is right, the issuer is not.
    const impostor = await startOidcIdp(t, { keys: [idp.signingKey()] });
    const foreignIssuer = await impostor.token('operator');

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const forgedClaims = { ...claimsOf(await token('operator')), roles: ['operator'] };
    const unknownKid = await new SignJWT(forgedClaims).setProtectedHeader({ alg: 'ES256', kid: 'attacker-key', typ: 'at+jwt' }).sign(privateKey);
    const jwk = { ...(await exportJWK(privateKey)), kid: decodeProtectedHeader(viewer).kid };
    const knownKidWrongKey = await new SignJWT(forgedClaims).setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'at+jwt' }).sign(await importJWK(jwk, 'ES256'));
    const unsigned = `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(forgedClaims)}.`;
    const hmac = await new SignJWT(forgedClaims).setProtectedHeader({ alg: 'HS256', kid: decodeProtectedHeader(viewer).kid! }).sign(randomBytes(32));

    for (const [label, value] of [
      ['another audience', await token('operator', 'urn:some-other-api')],
      ['another issuer with the same key', foreignIssuer],
      ['roles changed in the payload', escalated],
      ['a tampered signature', flipped],
      ['a key the provider never published', unknownKid],
      ['a known kid on the attacker\'s key', knownKidWrongKey],
      ['alg none', unsigned],
      ['HS256 with a guessed secret', hmac],
    ] as const) {
      used.push(value);
      const refused = await call('GET', '/v1/participants', value);
      t.equal(refused.status, 401, `${label}: 401`);
      t.match(refused.headers.get('www-authenticate'), /error="invalid_token"/, `${label}: the challenge says invalid_token`);
      t.notMatch(refused.text, value.split('.')[1]!, `${label}: the token is not echoed`);
    }
    t.equal((await call('GET', '/v1/participants', viewer)).status, 200, 'the untouched token still works');
  });

  await t.test('an expired token is refused', async (t) => {
    const shortLived = await token('short-lived');
    t.equal((await call('GET', '/v1/participants', shortLived)).status, 200, 'valid while it lives');
    await sleep(2_100);
    const expired = await call('GET', '/v1/participants', shortLived);
    t.equal(expired.status, 401);
  });

  await t.test('the JWKS is cached, forged key ids cannot make the runtime hammer the provider, a rotated key is picked up', async (t) => {
    const operator = await token('operator');
    const before = idp.jwksFetches();
    for (let i = 0; i < 10; i++) t.equal((await call('GET', '/v1/participants', operator)).status, 200);
    t.equal(idp.jwksFetches(), before, 'ten requests, no fetch: the keys are cached');

    const { privateKey } = await generateKeyPair('ES256');
    for (let i = 0; i < 10; i++) {
      const forged = await new SignJWT(claimsOf(operator)).setProtectedHeader({ alg: 'ES256', kid: `forged-${i}` }).sign(privateKey);
      t.equal((await call('GET', '/v1/participants', forged)).status, 401);
    }
    t.ok(idp.jwksFetches() <= before + 1, 'ten unknown key ids, at most one fetch (cooldown)');

    await idp.rotateKeys();
    await sleep(COOLDOWN_SECONDS * 1000 + 100);
    const fetchesBeforeRotation = idp.jwksFetches();
    const rotated = await token('operator');
    t.not(decodeProtectedHeader(rotated).kid, decodeProtectedHeader(operator).kid, 'the provider signs with its new key');
    t.equal((await call('GET', '/v1/participants', rotated)).status, 200, 'a token of the new key is accepted');
    t.equal(idp.jwksFetches(), fetchesBeforeRotation + 1, 'after one more fetch');
    t.equal((await call('GET', '/v1/participants', operator)).status, 200, 'tokens of the old key, still published, keep working');
    t.equal((await call('GET', '/v1/participants', rotated)).status, 200);
    t.equal(idp.jwksFetches(), fetchesBeforeRotation + 1, 'and the new keys are cached too');
  });

  t.test('no token is in any log line', async (t) => {
    const text = logs.text();
    t.ok(used.length > 10);
    for (const value of used) t.notOk(text.includes(value.split('.')[2] || value.split('.')[1]!), 'not logged');
    t.match(text, /management credentials refused/, 'refusals are logged, with their reason only');
  });
});
