/**
 * The DCP issuer service of each issuing participant on the protocol context, under
 * `/dcp/<participantId>/issuer`: the IssuerService endpoint of its DID document.
 * - `GET …/metadata`: IssuerMetadata;
 * - `POST …/credentials`: the Credential Request API (201, Location of the request status);
 * - `GET …/requests/<issuerPid>`: the Credential Request Status API;
 * - `GET …/status-lists/<id>`: the signed status list credentials its credentials point to;
 * - `GET …/credential-schemas/<definitionId>`: the subject schema the metadata names for a
 *   definition without a schema of its own.
 */
import Router from '@koa/router';
import { problems, readJsonBody, requestPath, setRequestTenant } from '@tdss/sdk';
import { CREDENTIAL_SERVICE_PATH } from '../../api/dcp-routes.ts';
import { isParticipantId } from '../../participants/participant-id.ts';
import type { IssuerService } from '../issuer-service.ts';

export const ISSUER_SERVICE_PATH = `${CREDENTIAL_SERVICE_PATH}/issuer`;

export function createIssuerDcpRouter(issuer: () => IssuerService): Router {
  const router = new Router();
  router.param('participantId', (participantId, _ctx, next) => {
    if (!isParticipantId(participantId)) throw problems.notFound('no issuer service is at this path');
    setRequestTenant(participantId);
    return next();
  });

  router.get(`${ISSUER_SERVICE_PATH}/metadata`, async (ctx) => {
    ctx.body = await issuer().metadata(ctx.params.participantId!);
  });

  router.post(`${ISSUER_SERVICE_PATH}/credentials`, async (ctx) => {
    const { id } = await issuer().receiveRequest(ctx.params.participantId!, ctx.get('authorization') || undefined, () => readJsonBody(ctx));
    ctx.status = 201;
    ctx.set('Location', `${requestPath(ctx).replace(/\/credentials$/, '')}/requests/${id}`);
    ctx.body = '';
  });

  router.get(`${ISSUER_SERVICE_PATH}/requests/:requestId`, async (ctx) => {
    ctx.body = await issuer().requestStatus(ctx.params.participantId!, ctx.get('authorization') || undefined, ctx.params.requestId!);
  });

  router.get(`${ISSUER_SERVICE_PATH}/status-lists/:listId`, async (ctx) => {
    ctx.type = 'application/vc+jwt';
    ctx.body = await issuer().statusList(ctx.params.participantId!, ctx.params.listId!);
  });

  router.get(`${ISSUER_SERVICE_PATH}/credential-schemas/:definitionId`, async (ctx) => {
    const schema = await issuer().credentialSchema(ctx.params.participantId!, ctx.params.definitionId!);
    ctx.type = 'application/schema+json';
    ctx.body = JSON.stringify(schema);
  });

  return router;
}
