/**
 * The consumer side on the management API: a participant context asks a counterparty for its
 * catalog (`POST .../catalog/request`) or one dataset (`POST .../catalog/dataset/request`). The
 * answer is the counterparty's Catalog or Dataset in compact DSP 2025-1 form.
 */
import Router from '@koa/router';
import { ProblemError, readJsonBody, tenantScoped } from '@tdss/sdk';
import type { Context } from 'koa';
import { readJsonLdBody } from '../management/read-json-ld-body.ts';
import { PARTICIPANTS_PATH } from '../participant-context/participant-context-routes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { readCounterpartyCatalogRequest, readCounterpartyDatasetRequest } from './read-counterparty-request.ts';
import type { CounterpartyAnswer, CounterpartyCatalogs } from './request-counterparty-catalog.ts';

export const CATALOG_MANAGEMENT_PATH = `${PARTICIPANTS_PATH}/:participantContextId/catalog`;

export function createCatalogManagementRoutes(contexts: () => ParticipantContexts, counterparties: () => CounterpartyCatalogs): Router {
  const router = new Router({ prefix: CATALOG_MANAGEMENT_PATH });
  // A tenant-scoped principal reaches these routes for its own participant context only.
  router.use(tenantScoped('participantContextId'));
  // A deactivated participant context is out of the dataspace: it asks nobody.
  const participant = async (ctx: Context) => {
    const context = await contexts().get(ctx.params.participantContextId!);
    if (context.state !== 'ACTIVATED') throw new ProblemError(409, `participant context ${context.id} is deactivated; activate it before it talks to counterparties`, { type: 'conflict' });
    return context;
  };
  const answer = (ctx: Context, result: CounterpartyAnswer) => {
    if (result.link) ctx.set('x-counterparty-link', result.link);
    ctx.body = result.body;
  };

  router.post('/request', async (ctx) => {
    const context = await participant(ctx);
    answer(ctx, await counterparties().catalog(context, readCounterpartyCatalogRequest(await readJsonLdBody(readJsonBody(ctx)))));
  });

  router.post('/dataset/request', async (ctx) => {
    const context = await participant(ctx);
    answer(ctx, await counterparties().dataset(context, readCounterpartyDatasetRequest(await readJsonLdBody(readJsonBody(ctx)))));
  });

  return router;
}
