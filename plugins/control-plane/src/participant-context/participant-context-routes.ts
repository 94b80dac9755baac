/**
 * The operator's API for participant contexts, on the management context. CFM drives it when it
 * provisions a tenant; an operator can use it alone.
 */
import Router from '@koa/router';
import { problems, readJsonBody, readPageQuery, requestPath, sendPage, tenantScoped } from '@tdss/sdk';
import type { ParticipantContexts } from '../tokens.ts';
import { validateNewParticipantContext } from './create-participant-contexts.ts';
import { PARTICIPANT_CONTEXT_STATES, type ParticipantContextState, toParticipantContextJson } from './participant-context.ts';

export const PARTICIPANTS_PATH = '/v1/participants';

export function createParticipantContextRoutes(contexts: () => ParticipantContexts): Router {
  const router = new Router({ prefix: PARTICIPANTS_PATH });
  // A tenant-scoped principal may read its own context; creating, listing, (de)activating and deleting stay the operator's.
  router.use('/:participantContextId', tenantScoped('participantContextId', { methods: ['GET', 'HEAD'] }));

  router.post('/', async (ctx) => {
    const context = await contexts().create(validateNewParticipantContext(readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('location', `${requestPath(ctx).replace(/\/$/, '')}/${encodeURIComponent(context.id)}`);
    ctx.body = toParticipantContextJson(context);
  });

  router.get('/', async (ctx) => {
    const query = readPageQuery(ctx.query, { filters: ['state', 'participantId'] });
    if (query.filters.state !== undefined && !PARTICIPANT_CONTEXT_STATES.includes(query.filters.state as ParticipantContextState)) {
      throw problems.badRequest(`state must be one of ${PARTICIPANT_CONTEXT_STATES.join(', ')}`);
    }
    const page = await contexts().list(query);
    sendPage(ctx, page, page.items.map(toParticipantContextJson));
  });

  router.get('/:participantContextId', async (ctx) => {
    ctx.body = toParticipantContextJson(await contexts().get(ctx.params.participantContextId!));
  });

  for (const [action, state] of [
    ['deactivate', 'DEACTIVATED'],
    ['activate', 'ACTIVATED'],
  ] as const) {
    router.post(`/:participantContextId/${action}`, async (ctx) => {
      ctx.body = toParticipantContextJson(await contexts().setState(ctx.params.participantContextId!, state));
    });
  }

  router.delete('/:participantContextId', async (ctx) => {
    await contexts().delete(ctx.params.participantContextId!);
    ctx.status = 204;
  });

  return router;
}
