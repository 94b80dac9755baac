/**
 * The DCP credential service of each participant on the protocol context, under
 * `/dcp/<participantId>`: the CredentialService endpoint its DID document names.
 * - `POST …/presentations/query`: the Resolution API (verifiers);
 * - `POST …/credentials`: the Storage API (issuers);
 * - `POST …/offers`: the Credential Offer API (issuers).
 */
import Router from '@koa/router';
import { problems, readJsonBody, setRequestTenant } from '@tdss/sdk';
import type { DcpCredentialService } from '../dcp/dcp-credential-service.ts';
import { isParticipantId } from '../participants/participant-id.ts';

export const CREDENTIAL_SERVICE_PATH = '/dcp/:participantId';

export function createDcpRouter(service: () => DcpCredentialService): Router {
  const router = new Router();
  router.param('participantId', (participantId, _ctx, next) => {
    if (!isParticipantId(participantId)) throw problems.notFound('no credential service is at this path');
    setRequestTenant(participantId);
    return next();
  });

  router.post(`${CREDENTIAL_SERVICE_PATH}/presentations/query`, async (ctx) => {
    ctx.body = await service().presentationQuery(ctx.params.participantId!, ctx.get('authorization') || undefined, () => readJsonBody(ctx));
  });

  router.post(`${CREDENTIAL_SERVICE_PATH}/credentials`, async (ctx) => {
    await service().storeCredentials(ctx.params.participantId!, ctx.get('authorization') || undefined, () => readJsonBody(ctx));
    ctx.status = 204;
  });

  router.post(`${CREDENTIAL_SERVICE_PATH}/offers`, async (ctx) => {
    await service().receiveOffer(ctx.params.participantId!, ctx.get('authorization') || undefined, () => readJsonBody(ctx));
    // DCP answers an offer with 200; an empty body keeps koa from writing "OK".
    ctx.status = 200;
    ctx.body = '';
  });

  return router;
}
