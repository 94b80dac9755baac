import type Router from '@koa/router';
import { setRequestTenant } from '@tdss/sdk';
import { checkParticipantId } from '../participants/participant-id.ts';

/** Every request routed to a participant checks its id and marks it as the request's tenant, for log lines. */
export function routeParticipants(router: Router): void {
  router.param('participantId', (participantId, _ctx, next) => {
    setRequestTenant(checkParticipantId(participantId));
    return next();
  });
}
