/** The management API of a participant context's contract agreements (EDC's `/v3/contractagreements`), read-only. */
import Router from '@koa/router';
import { readPageQuery, sendPage, tenantScoped } from '@tdss/sdk';
import { PARTICIPANTS_PATH } from '../participant-context/participant-context-routes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { toContractAgreementJson } from './contract-agreement.ts';
import { AGREEMENT_FILTERS, type AgreementQuery, type ContractAgreements } from './create-contract-agreements.ts';

export const AGREEMENTS_SEGMENT = 'contractagreements';

export function createContractAgreementRoutes(contexts: () => ParticipantContexts, agreements: () => ContractAgreements): Router {
  const router = new Router({ prefix: `${PARTICIPANTS_PATH}/:participantContextId/${AGREEMENTS_SEGMENT}` });
  // A tenant-scoped principal reaches these routes for its own participant context only.
  router.use(tenantScoped('participantContextId'));

  router.get('/', async (ctx) => {
    const participantContextId = (await contexts().get(ctx.params.participantContextId!)).id;
    const page = await agreements().list(participantContextId, readPageQuery(ctx.query, { filters: AGREEMENT_FILTERS }) as AgreementQuery);
    sendPage(ctx, page, page.items.map(toContractAgreementJson));
  });

  router.get('/:id', async (ctx) => {
    const participantContextId = (await contexts().get(ctx.params.participantContextId!)).id;
    ctx.body = toContractAgreementJson(await agreements().get(participantContextId, ctx.params.id!));
  });

  return router;
}
