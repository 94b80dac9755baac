import type { ProblemError } from '@tdss/sdk';
import { rejectionOf } from '@tdss/testing';
import { jwtVerify, SignJWT } from 'jose';
import t from 'tap';
import { createDevIdentityService } from './create-dev-identity-service.ts';

const secret = 'a-development-secret-of-32-chars!';
const service = createDevIdentityService({
  secret,
  tokenTtlSeconds: 60,
  staticTokens: { 'Bearer conformance-kit': 'TCK_PARTICIPANT' },
  claims: { 'did:web:consumer': { MembershipCredential: { role: 'member' } } },
});
const outgoing = { participantContextId: 'c', participantId: 'did:web:consumer', counterpartyId: 'did:web:provider', counterpartyAddress: 'http://p' };
const incoming = (authorization: string | undefined) => ({ authorization, audience: 'did:web:provider', participantContextId: 'p' });

t.test('a token issued for a counterparty verifies there, with the sender and its configured claims', async (t) => {
  const authorization = await service.authorize(outgoing);
  t.match(authorization, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  t.same(await service.verify(incoming(authorization)), {
    participantId: 'did:web:consumer',
    claims: { MembershipCredential: { role: 'member' } },
  });
});

t.test('refusals are 401 problems that say why', async (t) => {
  const cases: Array<[string, string | undefined, RegExp]> = [
    ['no header', undefined, /no Authorization header/],
    ['not bearer', 'Basic abc', /not a bearer token/],
    ['garbage', 'Bearer abc.def.ghi', /not valid/],
    ['another audience', await service.authorize({ ...outgoing, counterpartyId: 'did:web:someone-else' }), /aud claim/],
    ['forged', await createDevIdentityService({ secret: 'x'.repeat(32), tokenTtlSeconds: 60, staticTokens: {}, claims: {} }).authorize(outgoing), /not valid/],
    [
      'expired',
      `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('did:web:consumer').setAudience('did:web:provider').setJti('j').setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(new TextEncoder().encode(secret))}`,
      /expired/,
    ],
    [
      'no jti',
      `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('did:web:consumer').setAudience('did:web:provider').setExpirationTime('1m').sign(new TextEncoder().encode(secret))}`,
      /jti claim/,
    ],
    [
      'not yet valid',
      `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('did:web:consumer').setAudience('did:web:provider').setJti('j').setNotBefore('1m').setExpirationTime('2m').sign(new TextEncoder().encode(secret))}`,
      /nbf claim/,
    ],
    [
      'critical extension',
      `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256', crit: ['b64'], b64: true }).setIssuer('did:web:consumer').setAudience('did:web:provider').setJti('j').setExpirationTime('1m').sign(new TextEncoder().encode(secret))}`,
      /not valid/,
    ],
    [
      'unsigned',
      `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"x","aud":"did:web:provider"}').toString('base64url')}.`,
      /not valid/,
    ],
  ];
  for (const [name, authorization, reason] of cases) {
    const error = await rejectionOf<ProblemError>(service.verify(incoming(authorization)));
    t.equal(error.status, 401, name);
    t.match(error.message, reason, name);
  }
});

t.test('tokens are standard HS256 JWTs: jose verifies ours and we verify audience lists jose signs', async (t) => {
  const key = new TextEncoder().encode(secret);
  const ours = (await service.authorize(outgoing)).slice('Bearer '.length);
  const { payload, protectedHeader } = await jwtVerify(ours, key, { algorithms: ['HS256'], audience: 'did:web:provider', requiredClaims: ['iss', 'exp', 'jti', 'iat'] });
  t.same(protectedHeader, { alg: 'HS256' });
  t.equal(payload.exp! - payload.iat!, 60);
  const theirs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('did:web:consumer').setAudience(['did:web:other', 'did:web:provider']).setJti('j').setExpirationTime('1m').sign(key);
  t.equal((await service.verify(incoming(`Bearer ${theirs}`))).participantId, 'did:web:consumer');
});

t.test('a configured static header stands for its participant', async (t) => {
  t.same(await service.verify(incoming('Bearer conformance-kit')), { participantId: 'TCK_PARTICIPANT', claims: {} });
});
