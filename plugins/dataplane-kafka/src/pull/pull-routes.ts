/**
 * The pull consumer's and the broker's side, on the `public` context:
 *
 * - `POST /dataplane-kafka/token?grant_type=refresh_token&refresh_token=…` (OAuth 2 refresh grant,
 *   token renewal profile): a new broker token (and refresh token) for the flow's current token
 *   generation while the flow is STARTED; 401 for a refresh token of an earlier generation, 403
 *   for a flow that is not STARTED or not a pull flow.
 * - `GET /dataplane-kafka/jwks.json`: the public key the broker validates the tokens with
 *   (`sasl.oauthbearer.jwks.endpoint.url`).
 */
import Router from '@koa/router';
import type { DataFlow, FlowTokens } from '@tdss/dataplane-sdk';
import type { JWK } from 'jose';
import { problems } from '@tdss/sdk';
import type { KafkaSource } from '../address/source-address.ts';
import { SIGNALING_PATH } from '../settings.ts';
import type { PullAccess } from './pull-access.ts';

export interface PullRoutesOptions {
  flow(id: string): Promise<DataFlow | undefined>;
  isPull(flow: DataFlow): boolean;
  resolveSource(flow: DataFlow): Promise<KafkaSource>;
  readonly access: PullAccess;
  refreshTokens(): Promise<FlowTokens>;
  jwks(): Promise<{ keys: JWK[] }>;
}

export function createPullRoutes(options: PullRoutesOptions): Router {
  const router = new Router({ prefix: SIGNALING_PATH });

  router.post('/token', async (ctx) => {
    if (ctx.query.grant_type !== 'refresh_token') throw problems.badRequest('grant_type: only refresh_token is supported');
    const refreshToken = typeof ctx.query.refresh_token === 'string' ? ctx.query.refresh_token : undefined;
    const tokens = await options.refreshTokens();
    const { flowId, generation } = await tokens.verifyRefresh(refreshToken);
    const flow = await options.flow(flowId);
    if (!flow || flow.role !== 'PROVIDER' || !options.isPull(flow)) throw problems.forbidden('the token does not grant access to a pull flow');
    if (flow.state !== 'STARTED') throw problems.forbidden(`the data flow is ${flow.state}`);
    if (flow.tokenGeneration !== generation) throw problems.unauthorized('the token was replaced (the flow was suspended or resumed since); use the latest data address');
    const renewed = await options.access.renew(flow, await options.resolveSource(flow));
    const issued = await tokens.issue(flowId, generation);
    ctx.set('cache-control', 'no-store');
    ctx.body = { access_token: renewed.token, token_type: 'Bearer', expires_in: renewed.expiresIn, refresh_token: issued.refreshToken };
  });

  router.get('/jwks.json', async (ctx) => {
    ctx.set('cache-control', 'max-age=300');
    ctx.body = await options.jwks();
  });

  return router;
}
