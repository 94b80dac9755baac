/**
 * The consumer's side of a pull, on the `public` context:
 *
 * - `GET /dataplane-http/flows/:flowId` with `Authorization: Bearer <access token>`: the data,
 *   streamed from the source (Range passed on), checked on every request: 401 for a missing,
 *   forged or expired token or one from before the flow's last suspend/resume; 403 for a token
 *   of another flow or a flow that is not STARTED.
 * - `POST /dataplane-http/token?grant_type=refresh_token&refresh_token=…` (OAuth 2 refresh grant,
 *   token renewal profile): a new access token (and refresh token) while the flow is STARTED.
 */
import type { ServerResponse } from 'node:http';
import Router from '@koa/router';
import { bearerToken, type DataFlow, type DataPlane, type FlowTokens } from '@tdss/dataplane-sdk';
import { problems } from '@tdss/sdk';
import { PULL_PATH } from './settings.ts';
import { openSource, readSourceAddress, type SourceOptions } from './source.ts';

export interface PullRoutesOptions {
  plane: () => DataPlane;
  tokens: () => FlowTokens;
  source: SourceOptions;
}

export function createPullRoutes(options: PullRoutesOptions): Router {
  const router = new Router({ prefix: PULL_PATH });

  /** The flow a token may reach: STARTED, and of the token's generation. */
  const usableFlow = async (flowId: string, generation: number): Promise<DataFlow> => {
    const flow = await options.plane().flow(flowId);
    if (!flow || flow.role !== 'PROVIDER') throw problems.forbidden('the token does not grant access to this data');
    if (flow.state !== 'STARTED') throw problems.forbidden(`the data flow is ${flow.state}`);
    if (flow.tokenGeneration !== generation) throw problems.unauthorized('the token was replaced (the flow was suspended or resumed since); use the latest data address');
    return flow;
  };

  router.get('/flows/:flowId', async (ctx) => {
    const token = await options.tokens().verifyAccess(bearerToken(ctx.get('authorization')));
    if (token.flowId !== ctx.params.flowId) throw problems.forbidden('the token belongs to another transfer');
    const flow = await usableFlow(token.flowId, token.generation);
    const participantContextId = String(flow.metadata.participantContextId ?? '');
    const source = readSourceAddress(flow.metadata.sourceDataAddress, options.source.allowFiles);
    const range = ctx.get('range') || undefined;
    const opened = await openSource(source, participantContextId, range, options.source);
    // Streamed with back-pressure straight to the socket; koa stays out of the body.
    ctx.respond = false;
    const res: ServerResponse = ctx.res;
    res.writeHead(opened.status, { ...opened.headers, 'cache-control': 'no-store' });
    // The consumer went away or the source broke mid-stream: the socket is closed either way.
    await opened.pipeTo(res).catch(() => res.destroy());
  });

  router.post('/token', async (ctx) => {
    if (ctx.query.grant_type !== 'refresh_token') throw problems.badRequest('grant_type: only refresh_token is supported');
    const refreshToken = typeof ctx.query.refresh_token === 'string' ? ctx.query.refresh_token : undefined;
    const token = await options.tokens().verifyRefresh(refreshToken);
    await usableFlow(token.flowId, token.generation);
    const issued = await options.tokens().issue(token.flowId, token.generation);
    ctx.set('cache-control', 'no-store');
    ctx.body = { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, refresh_token: issued.refreshToken };
  });

  return router;
}
