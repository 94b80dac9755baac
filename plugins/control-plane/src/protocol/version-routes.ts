/**
 * `/.well-known/dspace-version` for each participant, at the participant's connector root and, as
 * the spec suggests for several connectors under one base URL, with the participant's id appended
 * to the protocol context's own well-known path. Unauthenticated: it is discovery.
 */
import Router from '@koa/router';
import type { VersionResponse } from '@tdss/json-ld';
import type { ParticipantContexts } from '../tokens.ts';
import { DSP_VERSION, dspBaseUrl } from './dsp-paths.ts';

export function createVersionRoutes(contexts: () => ParticipantContexts, protocolUrl: () => string): Router {
  const router = new Router();
  const answer = async (participantContextId: string): Promise<VersionResponse> => {
    const context = await contexts().getActive(participantContextId);
    const path = new URL(dspBaseUrl(protocolUrl(), context.id), 'http://localhost').pathname;
    return { protocolVersions: [{ version: DSP_VERSION, path, binding: 'HTTPS' }] };
  };
  router.get('/:participantContextId/.well-known/dspace-version', async (ctx) => {
    ctx.body = await answer(ctx.params.participantContextId!);
  });
  router.get('/.well-known/dspace-version/:participantContextId', async (ctx) => {
    ctx.body = await answer(ctx.params.participantContextId!);
  });
  return router;
}
