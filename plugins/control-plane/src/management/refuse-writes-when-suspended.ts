/**
 * A suspended tenant's management API is read-only: while its participant context is DEACTIVATED
 * every write below `/v1/participants/{id}/...` is a 409 problem, reads (and EDC's `POST
 * .../request` queries) still work. Activating the context lifts it.
 */
import { ProblemError, unlessNotFound } from '@tdss/sdk';
import type { Middleware } from 'koa';
import type { ParticipantContexts } from '../tokens.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refuseWritesWhenSuspended(contexts: () => ParticipantContexts): Middleware {
  return async (ctx, next) => {
    const id = ctx.params?.participantContextId;
    if (id !== undefined && !READS.has(ctx.method) && !ctx.path.endsWith('/request')) {
      // An unknown context is the route's own 404: only an existing one is checked here.
      const context = await unlessNotFound(contexts().get(id));
      if (context?.state === 'DEACTIVATED') {
        throw new ProblemError(409, `participant context ${id} is suspended: its management API is read-only until it is activated again`, {
          type: 'conflict',
          title: 'participant context is suspended',
        });
      }
    }
    await next();
  };
}
