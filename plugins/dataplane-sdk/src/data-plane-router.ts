/**
 * The DPS data plane endpoints over HTTP, relative to where the router is mounted:
 * POST /dataflows/prepare, /dataflows/start, /dataflows/:id/{started,suspend,resume,terminate,completed},
 * GET /dataflows/:id/status, PUT /controlplanes, DELETE /controlplanes/:id.
 * Errors are thrown as ProblemErrors: the TDSS HTTP plugin (or serveDataPlane) answers problem+json.
 */
import Router from '@koa/router';
import { problems, readJsonBody } from '@tdss/sdk';
import type { Context } from 'koa';
import type { DataPlaneSignaling, SignalingResponse } from './create-data-plane.ts';
import { requireBearer } from './signaling-auth.ts';

export interface DataPlaneRouterOptions {
  /** When set, every request must carry `Authorization: Bearer <token>` (401 problem otherwise). */
  token?: string;
}

export function createDataPlaneRouter(signaling: DataPlaneSignaling, options: DataPlaneRouterOptions = {}): Router {
  const router = new Router();
  if (options.token) router.use(requireBearer(options.token));
  const answer = (ctx: Context, response: SignalingResponse<unknown>, id?: string) => {
    ctx.status = response.status;
    ctx.body = response.body;
    // "HTTP 202 Accepted with the Location header set to the data flow status relative URL".
    if (response.status === 202 && id) ctx.set('Location', ctx.path.replace(/\/dataflows\/(prepare|start)$/, `/dataflows/${encodeURIComponent(id)}/status`));
  };
  const processIdOf = (body: unknown) => String((body as { processId?: unknown } | null)?.processId ?? '');
  const optionalBody = (ctx: Context): unknown => ((ctx.request as { body?: unknown }).body === undefined && !ctx.request.length ? undefined : readJsonBody(ctx));

  router.post('/dataflows/prepare', async (ctx) => {
    const body = readJsonBody(ctx);
    answer(ctx, await signaling.prepare(body), processIdOf(body));
  });
  router.post('/dataflows/start', async (ctx) => {
    const body = readJsonBody(ctx);
    answer(ctx, await signaling.start(body), processIdOf(body));
  });
  router.post('/dataflows/:id/started', async (ctx) => answer(ctx, await signaling.started(ctx.params.id!, readJsonBody(ctx))));
  router.post('/dataflows/:id/suspend', async (ctx) => answer(ctx, await signaling.suspend(ctx.params.id!, readJsonBody(ctx))));
  router.post('/dataflows/:id/resume', async (ctx) => answer(ctx, await signaling.resume(ctx.params.id!, readJsonBody(ctx))));
  router.post('/dataflows/:id/terminate', async (ctx) => answer(ctx, await signaling.terminate(ctx.params.id!, readJsonBody(ctx))));
  router.post('/dataflows/:id/completed', async (ctx) => answer(ctx, await signaling.completed(ctx.params.id!, optionalBody(ctx))));
  router.get('/dataflows/:id/status', async (ctx) => {
    ctx.body = await signaling.status(ctx.params.id!);
  });
  router.put('/controlplanes', async (ctx) => {
    await signaling.registerControlPlane(readJsonBody(ctx));
    ctx.status = 200;
    ctx.body = { registered: true };
  });
  router.delete('/controlplanes/:id', async (ctx) => {
    if (!(await signaling.deleteControlPlane(ctx.params.id!))) throw problems.notFound(`control plane ${JSON.stringify(ctx.params.id)} is not registered`);
    ctx.status = 204;
  });
  return router;
}
