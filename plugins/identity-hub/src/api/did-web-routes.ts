/**
 * The did:web documents, on the identity context at `/<participantId>/did.json`: the path that
 * did:web resolution derives from `did:web:<host>:<identity path>:<participantId>`.
 */
import Router from '@koa/router';
import { problems } from '@tdss/sdk';
import type { DidService } from '../did/did-service.ts';
import { isParticipantId } from '../participants/participant-id.ts';

export function createDidWebRouter(dids: () => DidService): Router {
  const router = new Router();
  router.get('/:participantId/did.json', async (ctx) => {
    const { participantId } = ctx.params as { participantId: string };
    const document = isParticipantId(participantId) ? await dids().document(participantId) : undefined;
    if (!document) throw problems.notFound('no DID document is published at this path');
    ctx.type = 'application/did+ld+json';
    ctx.body = document;
  });
  return router;
}
