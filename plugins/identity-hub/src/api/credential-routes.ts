/**
 * The credentials section of the identity API (management context): a participant's wallet, to
 * list, read and delete, and the credential offers it received. Credentials arrive through the
 * DCP Storage API, offers through the Credential Offer API, both from trusted issuers.
 */
import Router from '@koa/router';
import { readPageQuery, sendPage, tenantScoped } from '@tdss/sdk';
import type { CredentialOffers } from '../credentials/credential-offers.ts';
import type { CredentialStore } from '../credentials/credential-store.ts';
import { PARTICIPANT } from './management-routes.ts';
import { routeParticipants } from './participant-param.ts';

export function createCredentialRouter(credentials: () => CredentialStore, offers: () => CredentialOffers): Router {
  const router = new Router();
  routeParticipants(router);
  // A tenant-scoped principal reaches these routes for its own participant only.
  router.use(PARTICIPANT, tenantScoped('participantId'));

  router.get(`${PARTICIPANT}/credentials`, async (ctx) => {
    const { offset, limit } = readPageQuery(ctx.query);
    sendPage(ctx, await credentials().list(ctx.params.participantId!, { offset, limit }));
  });

  router.get(`${PARTICIPANT}/credentials/:credentialEntryId`, async (ctx) => {
    ctx.body = await credentials().get(ctx.params.participantId!, ctx.params.credentialEntryId!);
  });

  router.delete(`${PARTICIPANT}/credentials/:credentialEntryId`, async (ctx) => {
    await credentials().delete(ctx.params.participantId!, ctx.params.credentialEntryId!);
    ctx.status = 204;
  });

  router.get(`${PARTICIPANT}/credential-offers`, async (ctx) => {
    const { offset, limit } = readPageQuery(ctx.query);
    sendPage(ctx, await offers().list(ctx.params.participantId!, { offset, limit }));
  });

  return router;
}
