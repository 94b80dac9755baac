/**
 * The issuer section of the identity API (management context), per issuing participant: its
 * credential definitions, the issuance requests holders made (with the operator's approval or
 * rejection), the credentials it issued (with revocation), and offers of credentials to holders.
 */
import Router from '@koa/router';
import { problems, readPageQuery, requestPath, sendPage, tenantScoped } from '@tdss/sdk';
import { PARTICIPANT } from '../../api/management-routes.ts';
import { routeParticipants } from '../../api/participant-param.ts';
import { objectBody, optionalString, requestBody } from '../../api/request-input.ts';
import { readCredentialDefinition } from '../definitions/read-credential-definition.ts';
import type { IssuerService } from '../issuer-service.ts';
import { readCredentialOffer } from '../offers/read-credential-offer.ts';
import { ISSUANCE_STATES, type IssuanceState } from '../requests/issuance-request.ts';

export const ISSUER = `${PARTICIPANT}/issuer`;

export function createIssuerManagementRouter(issuer: () => IssuerService): Router {
  const router = new Router();
  routeParticipants(router);
  // A tenant-scoped principal manages the issuer of its own participant only.
  router.use(PARTICIPANT, tenantScoped('participantId'));

  router.post(`${ISSUER}/credential-definitions`, async (ctx) => {
    const created = await issuer().createDefinition(ctx.params.participantId!, readCredentialDefinition(requestBody(ctx)));
    ctx.status = 201;
    ctx.set('Location', `${requestPath(ctx)}/${created.id}`);
    ctx.body = created;
  });

  router.get(`${ISSUER}/credential-definitions`, async (ctx) => {
    const { offset, limit, filters } = readPageQuery(ctx.query, { filters: ['credentialType', 'format'] });
    sendPage(ctx, await issuer().listDefinitions(ctx.params.participantId!, { offset, limit, ...filters }));
  });

  router.get(`${ISSUER}/credential-definitions/:definitionId`, async (ctx) => {
    ctx.body = await issuer().getDefinition(ctx.params.participantId!, ctx.params.definitionId!);
  });

  router.put(`${ISSUER}/credential-definitions/:definitionId`, async (ctx) => {
    ctx.body = await issuer().updateDefinition(ctx.params.participantId!, ctx.params.definitionId!, readCredentialDefinition(requestBody(ctx)));
  });

  router.delete(`${ISSUER}/credential-definitions/:definitionId`, async (ctx) => {
    await issuer().deleteDefinition(ctx.params.participantId!, ctx.params.definitionId!);
    ctx.status = 204;
  });

  router.get(`${ISSUER}/requests`, async (ctx) => {
    const { offset, limit, filters } = readPageQuery(ctx.query, { filters: ['state', 'holderDid'] });
    if (filters.state !== undefined && !ISSUANCE_STATES.includes(filters.state as IssuanceState)) {
      throw problems.badRequest(`state must be one of ${ISSUANCE_STATES.join(', ')}`);
    }
    sendPage(ctx, await issuer().listRequests(ctx.params.participantId!, { offset, limit, ...filters, state: filters.state as IssuanceState | undefined }));
  });

  router.get(`${ISSUER}/requests/:requestId`, async (ctx) => {
    ctx.body = await issuer().getRequest(ctx.params.participantId!, ctx.params.requestId!);
  });

  router.post(`${ISSUER}/requests/:requestId/approve`, async (ctx) => {
    objectBody(requestBody(ctx), []);
    ctx.body = await issuer().approveRequest(ctx.params.participantId!, ctx.params.requestId!);
  });

  router.post(`${ISSUER}/requests/:requestId/reject`, async (ctx) => {
    const reason = optionalString(objectBody(requestBody(ctx), ['reason']), 'reason');
    if (!reason || reason.length > 1000) throw problems.badRequest('reason must be a string of 1 to 1000 characters; the holder is told it');
    ctx.body = await issuer().rejectRequest(ctx.params.participantId!, ctx.params.requestId!, reason);
  });

  router.post(`${ISSUER}/offers`, async (ctx) => {
    ctx.body = await issuer().offerCredentials(ctx.params.participantId!, readCredentialOffer(requestBody(ctx)));
  });

  router.get(`${ISSUER}/credentials`, async (ctx) => {
    const { offset, limit, filters } = readPageQuery(ctx.query, { filters: ['holderDid', 'definitionId', 'requestId', 'signedWith', 'revoked'] });
    const { revoked, ...rest } = filters;
    if (revoked !== undefined && revoked !== 'true' && revoked !== 'false') throw problems.badRequest('revoked must be true or false');
    sendPage(ctx, await issuer().listCredentials(ctx.params.participantId!, { offset, limit, ...rest, ...(revoked === undefined ? {} : { revoked: revoked === 'true' }) }));
  });

  router.get(`${ISSUER}/credentials/:issuedCredentialId`, async (ctx) => {
    ctx.body = await issuer().getCredential(ctx.params.participantId!, ctx.params.issuedCredentialId!);
  });

  router.post(`${ISSUER}/credentials/:issuedCredentialId/revoke`, async (ctx) => {
    objectBody(requestBody(ctx), []);
    ctx.body = await issuer().revokeCredential(ctx.params.participantId!, ctx.params.issuedCredentialId!);
  });

  return router;
}
