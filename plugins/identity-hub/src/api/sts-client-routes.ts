/**
 * The STS section of the identity API (management context): set or remove a participant's
 * client secret for the HTTP STS. The secret is never answered; a new one replaces the old.
 */
import Router from '@koa/router';
import { problems, tenantScoped } from '@tdss/sdk';
import type { StsClientSecrets } from '../sts/sts-client-secrets.ts';
import { PARTICIPANT } from './management-routes.ts';
import { routeParticipants } from './participant-param.ts';
import { objectBody, optionalString, requestBody } from './request-input.ts';

export const STS_CLIENT_SECRET_PATH = `${PARTICIPANT}/sts/client-secret`;

export function createStsClientRouter(clientSecrets: () => StsClientSecrets): Router {
  const router = new Router();
  routeParticipants(router);
  // A tenant-scoped principal reaches these routes for its own participant only.
  router.use(PARTICIPANT, tenantScoped('participantId'));

  router.put(STS_CLIENT_SECRET_PATH, async (ctx) => {
    const clientSecret = optionalString(objectBody(requestBody(ctx), ['clientSecret']), 'clientSecret');
    if (clientSecret === undefined) throw problems.badRequest('clientSecret is required');
    await clientSecrets().set(ctx.params.participantId!, clientSecret);
    ctx.status = 204;
  });

  router.delete(STS_CLIENT_SECRET_PATH, async (ctx) => {
    if (!(await clientSecrets().delete(ctx.params.participantId!))) throw problems.notFound(`participant ${ctx.params.participantId} has no STS client secret`);
    ctx.status = 204;
  });

  return router;
}
