import t from 'tap';
import { ProblemError } from '@tdss/sdk';
import { bearerToken, createFlowTokens } from './flow-tokens.ts';

const SECRET = 'flow-token-tests-secret-0123456789abcdef';

t.test('tokens are bound to a flow and a generation, and refused when forged, expired or of the wrong use', async (t) => {
  const tokens = createFlowTokens({ secret: SECRET, issuer: 'dp-1' });
  const issued = await tokens.issue('flow-1', 3);
  t.equal(issued.expiresIn, 300);
  t.same(await tokens.verifyAccess(issued.accessToken), { flowId: 'flow-1', generation: 3 });
  t.same(await tokens.verifyRefresh(issued.refreshToken), { flowId: 'flow-1', generation: 3 });

  const refused = async (promise: Promise<unknown>, detail: RegExp, what: string) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    t.ok(error instanceof ProblemError && error.status === 401 && detail.test(error.message), what);
    t.notMatch((error as Error).message, issued.accessToken, `${what}: the token is not echoed`);
  };
  await refused(tokens.verifyAccess(undefined), /required/, 'no token');
  await refused(tokens.verifyAccess(issued.refreshToken), /not a access token/, 'a refresh token as access token');
  await refused(tokens.verifyRefresh(issued.accessToken), /not a refresh token/, 'an access token as refresh token');
  await refused(tokens.verifyAccess(`${issued.accessToken}x`), /not valid/, 'a forged signature');
  await refused(createFlowTokens({ secret: `${SECRET}-other`, issuer: 'dp-1' }).verifyAccess(issued.accessToken), /not valid/, 'another key');
  await refused(createFlowTokens({ secret: SECRET, issuer: 'dp-2' }).verifyAccess(issued.accessToken), /not valid/, 'another data plane');
  const expired = await createFlowTokens({ secret: SECRET, issuer: 'dp-1', accessTtlSeconds: -5 }).issue('flow-1', 3);
  await refused(tokens.verifyAccess(expired.accessToken), /expired/, 'an expired token');
  t.throws(() => createFlowTokens({ secret: 'short', issuer: 'x' }), /at least 32 bytes/);
});

t.test('bearerToken reads the Authorization header', async (t) => {
  t.equal(bearerToken('Bearer abc.def'), 'abc.def');
  t.equal(bearerToken('bearer abc'), 'abc');
  t.equal(bearerToken('Basic abc'), undefined);
  t.equal(bearerToken(undefined), undefined);
});
