/**
 * The two endpoints the kit calls to make the connector act as consumer (its settings
 * `negotiation.initiate.url` and `transfer.initiate.url`), and a readiness probe for the runner.
 * Mounted in the management context: they start work on behalf of the tenant, as the management
 * API does.
 */
import Router from '@koa/router';
import type { ContractNegotiations, TransferProcesses } from '@tdss/control-plane';
import { ProblemError, problems, readJsonBody } from '@tdss/sdk';

export interface HookServices {
  participantContextId: string;
  negotiations: () => ContractNegotiations;
  transfers: () => TransferProcesses;
  /** Called with a consumer transfer the kit had us request, so its script can play. */
  onTransferRequested: (processId: string, agreementId: string) => void;
  seeded: () => boolean;
}

export const HOOK_PATHS = { negotiation: '/tck/negotiations/initiate', transfer: '/tck/transfers/initiate', ready: '/tck/ready' } as const;

export function createHookRoutes(services: HookServices): Router {
  const router = new Router();
  const pc = services.participantContextId;

  router.post(HOOK_PATHS.negotiation, async (ctx) => {
    const { providerId, offerId, datasetId, connectorAddress } = readStrings(readJsonBody(ctx), ['providerId', 'offerId', 'datasetId', 'connectorAddress']);
    const negotiation = await services.negotiations().request(pc, {
      counterpartyAddress: connectorAddress,
      counterpartyId: providerId,
      offer: { '@id': offerId, '@type': 'Offer', target: datasetId, permission: [{ action: 'use' }] },
    });
    ctx.body = { '@id': negotiation.id };
  });

  router.post(HOOK_PATHS.transfer, async (ctx) => {
    const { providerId, agreementId, format, connectorAddress } = readStrings(readJsonBody(ctx), ['providerId', 'agreementId', 'format', 'connectorAddress']);
    const process = await services.transfers().request(pc, { counterpartyAddress: connectorAddress, counterpartyId: providerId, agreementId, transferType: format });
    services.onTransferRequested(process.id, agreementId);
    ctx.body = { '@id': process.id };
  });

  router.get(HOOK_PATHS.ready, (ctx) => {
    if (!services.seeded()) throw new ProblemError(503, 'tck-harness: the kit data is still being seeded', { type: 'unavailable' });
    ctx.body = { ready: true };
  });
  return router;
}

function readStrings<K extends string>(body: unknown, keys: readonly K[]): Record<K, string> {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const missing = keys.filter((key) => typeof record[key] !== 'string' || record[key] === '');
  if (missing.length) throw problems.badRequest(`tck-harness: the hook body needs the strings ${missing.join(', ')}`);
  return Object.fromEntries(keys.map((key) => [key, record[key] as string])) as Record<K, string>;
}
