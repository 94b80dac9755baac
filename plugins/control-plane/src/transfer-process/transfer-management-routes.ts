/**
 * The management API of a participant context's transfer processes, shaped after EDC's v3
 * `/transferprocesses`: request a transfer (consumer), list and read them, and make the decisions
 * our side may make. An unknown participant context is a 404 whatever else is wrong.
 */
import Router from '@koa/router';
import { readJsonBody, readPageQuery, requestPath, sendPage, tenantScoped } from '@tdss/sdk';
import type { Context } from 'koa';
import { managementPath } from '../management/management-routes.ts';
import { readEdcDocument } from '../management/read-edc-document.ts';
import { readJsonLdBody } from '../management/read-json-ld-body.ts';
import { refuseWritesWhenSuspended } from '../management/refuse-writes-when-suspended.ts';
import { createValidationIssues } from '../management/validation-issues.ts';
import { readTransferRequestInput } from './read-transfer-request-input.ts';
import { MAX_ERROR_DETAIL, type TransferRole } from './transfer-process.ts';
import { toTransferProcessJson } from './transfer-process-json.ts';
import type { ParticipantContexts } from '../tokens.ts';
import type { TransferProcesses } from './transfer-process-tokens.ts';
import type { TransferProcessState } from './transfer-states.ts';
import { ACTIONS, type TransferAction } from './transfer-transitions.ts';

export const TRANSFER_PROCESSES_SEGMENT = 'transferprocesses';

/** The bodies EDC sends with the decisions that take a reason. */
const REASON_BODIES: Partial<Record<TransferAction, string>> = { suspend: 'SuspendTransfer', terminate: 'TerminateTransfer' };

export function createTransferManagementRoutes(transfers: () => TransferProcesses, contexts: () => ParticipantContexts): Router {
  const router = new Router({ prefix: managementPath(TRANSFER_PROCESSES_SEGMENT) });
  // A tenant-scoped principal reaches these routes for its own participant context only.
  router.use(tenantScoped('participantContextId'));
  router.use(refuseWritesWhenSuspended(contexts));
  const participant = (ctx: Context) => ctx.params.participantContextId!;

  router.post('/', async (ctx) => {
    const input = readTransferRequestInput(await readJsonLdBody(readJsonBody(ctx)));
    const process = await transfers().request(participant(ctx), input);
    ctx.status = 201;
    ctx.set('location', `${requestPath(ctx).replace(/\/$/, '')}/${encodeURIComponent(process.id)}`);
    ctx.body = { '@type': 'IdResponse', '@id': process.id, createdAt: process.createdAt.getTime() };
  });

  router.get('/', async (ctx) => {
    const { offset, limit, filters } = readPageQuery(ctx.query, { filters: ['state', 'role', 'agreementId'] });
    const page = await transfers().list(participant(ctx), {
      offset,
      limit,
      filters: {
        ...(filters.state === undefined ? {} : { state: filters.state as TransferProcessState }),
        ...(filters.role === undefined ? {} : { role: filters.role as TransferRole }),
        ...(filters.agreementId === undefined ? {} : { agreementId: filters.agreementId }),
      },
    });
    sendPage(ctx, page, page.items.map(toTransferProcessJson));
  });

  router.get('/:id', async (ctx) => {
    ctx.body = toTransferProcessJson(await transfers().get(participant(ctx), ctx.params.id!));
  });

  router.get('/:id/state', async (ctx) => {
    const process = await transfers().get(participant(ctx), ctx.params.id!);
    ctx.body = { '@type': 'TransferState', state: process.state, dspState: process.dspState };
  });

  for (const action of ACTIONS) {
    router.post(`/:id/${action}`, async (ctx) => {
      const id = ctx.params.id!;
      const bodyType = REASON_BODIES[action];
      if (bodyType) await transfers()[action as 'suspend' | 'terminate'](participant(ctx), id, await readReason(ctx, bodyType));
      else await transfers()[action as 'start' | 'resume' | 'complete'](participant(ctx), id);
      ctx.status = 204;
    });
  }

  return router;
}

/** The optional `reason` of EDC's SuspendTransfer and TerminateTransfer bodies. */
async function readReason(ctx: Context, type: string): Promise<string | undefined> {
  if (!ctx.request.length && !ctx.get('transfer-encoding')) return undefined;
  const issues = createValidationIssues();
  const doc = readEdcDocument(await readJsonLdBody(readJsonBody(ctx)), issues, type);
  let reason: string | undefined;
  for (const [key, field] of doc?.fields ?? []) {
    if (key !== 'reason') issues.add(field.path, 'unknown member; known: reason');
    else if (typeof field.value !== 'string' || field.value.length > MAX_ERROR_DETAIL) issues.add(field.path, `must be a string of at most ${MAX_ERROR_DETAIL} characters`);
    else reason = field.value;
  }
  issues.throwIfAny(type);
  return reason;
}
