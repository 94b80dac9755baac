/**
 * The DPS registration endpoint on the management context, for the runtime (`/v1/dataplanes`) and
 * for one participant context (`/v1/participants/:participantContextId/dataplanes`): PUT a
 * DataPlaneRegistrationMessage (replace semantics), GET the registrations (paged, `profile`
 * filter), DELETE one. The runtime listing shows this runtime's in-process data planes too.
 */
import Router from '@koa/router';
import { readJsonBody, readPageQuery, sendPage } from '@tdss/sdk';
import type { Context } from 'koa';
import { PARTICIPANTS_PATH } from '../participant-context/participant-context-routes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import type { DataPlaneInfo } from './data-plane-record.ts';
import type { DataPlaneRegistry } from './data-plane-registry.ts';

export const DATA_PLANES_PATH = '/v1/dataplanes';
export const PARTICIPANT_DATA_PLANES_PATH = `${PARTICIPANTS_PATH}/:participantContextId/dataplanes`;

export function createDataPlaneRoutes(registry: () => DataPlaneRegistry, contexts: () => ParticipantContexts, local: () => readonly DataPlaneInfo[]): Router {
  const router = new Router();
  /** Undefined for the runtime's routes; an unknown participant context is a 404 whatever else is wrong. */
  const scopeOf = async (ctx: Context) => (ctx.params.participantContextId === undefined ? undefined : (await contexts().get(ctx.params.participantContextId)).id);

  for (const path of [DATA_PLANES_PATH, PARTICIPANT_DATA_PLANES_PATH]) {
    router.put(path, async (ctx) => {
      const scope = await scopeOf(ctx);
      ctx.body = await registry().register(readJsonBody(ctx), scope);
    });
    router.get(path, async (ctx) => {
      const scope = await scopeOf(ctx);
      const { offset, limit, filters } = readPageQuery(ctx.query, { filters: ['profile'] });
      const profile = filters.profile;
      if (scope !== undefined) {
        const page = await registry().list({ offset, limit, participantContextId: scope, ...(profile ? { profile } : {}) });
        sendPage(ctx, page);
        return;
      }
      const locals = local().filter((info) => !profile || info.profiles.includes(profile));
      const registered = await registry().list({ offset: 0, limit: Number.MAX_SAFE_INTEGER, ...(profile ? { profile } : {}) });
      const all = [...locals, ...registered.items];
      sendPage(ctx, { items: all.slice(offset, offset + limit), total: all.length, offset, limit });
    });
    router.delete(`${path}/:dataplaneId`, async (ctx) => {
      await registry().unregister(ctx.params.dataplaneId!, await scopeOf(ctx));
      ctx.status = 204;
    });
  }
  return router;
}
