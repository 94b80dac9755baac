/**
 * The management API of a participant context's contract negotiations, shaped after EDC's
 * (`/v3/contractnegotiations`): start one as consumer, list and read them, terminate one, and take
 * the decisions a negotiation waits for.
 */
import Router from '@koa/router';
import type { DspJsonLd, MessageOffer } from '@tdss/json-ld';
import { problems, readJsonBody, readPageQuery, requestPath, sendPage, tenantScoped } from '@tdss/sdk';
import type { Context } from 'koa';
import type { ContractAgreements } from '../contract-agreement/create-contract-agreements.ts';
import { toContractAgreementJson } from '../contract-agreement/contract-agreement.ts';
import { refuseWritesWhenSuspended } from '../management/refuse-writes-when-suspended.ts';
import { PARTICIPANTS_PATH } from '../participant-context/participant-context-routes.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { NEGOTIATION_ROLES, type NegotiationRole, toContractNegotiationJson } from './contract-negotiation.ts';
import type { ContractNegotiations, NegotiationQuery } from './create-contract-negotiations.ts';
import type { DecisionKind, NegotiationDecision } from './negotiation-decision.ts';
import { isNegotiationState, NEGOTIATION_STATES } from './negotiation-states.ts';
import { readContractRequestInput } from './read-contract-request-input.ts';

export const NEGOTIATIONS_SEGMENT = 'contractnegotiations';

/** What `POST …/{id}/actions` takes: every decision but waiting. */
export const NEGOTIATION_ACTIONS: readonly Exclude<DecisionKind, 'wait'>[] = ['offer', 'agree', 'finalize', 'accept', 'request', 'verify', 'terminate'];

export interface NegotiationRouteServices {
  contexts: () => ParticipantContexts;
  negotiations: () => ContractNegotiations;
  agreements: () => ContractAgreements;
  dsp: DspJsonLd;
}

export function createContractNegotiationRoutes(services: NegotiationRouteServices): Router {
  const { negotiations } = services;
  const router = new Router({ prefix: `${PARTICIPANTS_PATH}/:participantContextId/${NEGOTIATIONS_SEGMENT}` });
  // A tenant-scoped principal reaches these routes for its own participant context only.
  router.use(tenantScoped('participantContextId'));
  router.use(refuseWritesWhenSuspended(services.contexts));
  // The participant context comes first: an unknown one is a 404 whatever else is wrong.
  const participant = async (ctx: Context) => (await services.contexts().get(ctx.params.participantContextId!)).id;

  router.post('/', async (ctx) => {
    const participantContextId = await participant(ctx);
    const negotiation = await negotiations().request(participantContextId, await readContractRequestInput(services.dsp, readJsonBody(ctx)));
    ctx.status = 201;
    ctx.set('location', `${requestPath(ctx).replace(/\/$/, '')}/${encodeURIComponent(negotiation.id)}`);
    ctx.body = { '@type': 'IdResponse', '@id': negotiation.id, createdAt: negotiation.createdAt.getTime() };
  });

  router.get('/', async (ctx) => {
    const participantContextId = await participant(ctx);
    const query = readPageQuery(ctx.query, { filters: ['state', 'counterpartyId', 'role'] });
    const { state, role } = query.filters;
    if (state !== undefined && !isNegotiationState(state)) throw problems.badRequest(`state must be one of ${NEGOTIATION_STATES.join(', ')}`);
    if (role !== undefined && !NEGOTIATION_ROLES.includes(role as NegotiationRole)) throw problems.badRequest(`role must be one of ${NEGOTIATION_ROLES.join(', ')}`);
    const page = await negotiations().list(participantContextId, query as NegotiationQuery);
    sendPage(ctx, page, page.items.map(toContractNegotiationJson));
  });

  router.get('/:id', async (ctx) => {
    ctx.body = toContractNegotiationJson(await negotiations().get(await participant(ctx), ctx.params.id!));
  });

  router.get('/:id/state', async (ctx) => {
    const negotiation = await negotiations().get(await participant(ctx), ctx.params.id!);
    ctx.body = { '@type': 'NegotiationState', state: negotiation.state };
  });

  router.get('/:id/agreement', async (ctx) => {
    const participantContextId = await participant(ctx);
    const negotiation = await negotiations().get(participantContextId, ctx.params.id!);
    if (negotiation.agreementId === null || negotiation.state !== 'FINALIZED') {
      throw problems.notFound(`contract negotiation ${negotiation.id} has no agreement${negotiation.agreementId ? ' yet: it is not FINALIZED' : ''}`);
    }
    ctx.body = toContractAgreementJson(await services.agreements().get(participantContextId, negotiation.agreementId));
  });

  // EDC's TerminateNegotiation: `{ "reason": "…" }`, which the counterparty is told.
  router.post('/:id/terminate', async (ctx) => {
    const participantContextId = await participant(ctx);
    const reason = readReason(optionalBody(ctx));
    await negotiations().act(participantContextId, ctx.params.id!, terminate(reason));
    ctx.status = 204;
  });

  router.post('/:id/actions', async (ctx) => {
    const participantContextId = await participant(ctx);
    const decision = readAction(readJsonBody(ctx));
    ctx.body = toContractNegotiationJson(await negotiations().act(participantContextId, ctx.params.id!, decision));
  });

  return router;
}

function optionalBody(ctx: Context): unknown {
  return ctx.request.length || ctx.get('transfer-encoding') ? readJsonBody(ctx) : {};
}

function terminate(reason: string | undefined): NegotiationDecision {
  return { kind: 'terminate', ...(reason === undefined ? {} : { reason }), detail: `terminated by the tenant${reason ? `: ${reason}` : ''}` };
}

const REASON_KEYS = ['reason', 'edc:reason', 'https://w3id.org/edc/v0.0.1/ns/reason'];

function readReason(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw problems.badRequest('expected a JSON object, e.g. { "reason": "…" }');
  const value = REASON_KEYS.map((key) => (body as Record<string, unknown>)[key]).find((v) => v !== undefined);
  if (value !== undefined && (typeof value !== 'string' || value.length > 1000)) throw problems.badRequest('reason: must be a string of at most 1000 characters');
  return value as string | undefined;
}

/** `{ "action": "accept" }`, `{ "action": "request", "offer": {…} }`, `{ "action": "terminate", "reason": "…" }`, … */
function readAction(body: unknown): NegotiationDecision {
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const action = input.action as (typeof NEGOTIATION_ACTIONS)[number];
  if (!NEGOTIATION_ACTIONS.includes(action)) throw problems.badRequest(`action: required, one of ${NEGOTIATION_ACTIONS.join(', ')}`);
  const unknown = Object.keys(input).filter((key) => !['action', 'offer', 'reason'].includes(key));
  if (unknown.length) throw problems.badRequest(`unknown member(s) ${unknown.join(', ')}; an action has action, offer (offer, request) and reason (terminate)`);
  if (action === 'terminate') return terminate(readReason(input));
  if (input.reason !== undefined) throw problems.badRequest('reason: only a termination has one');
  if (action === 'offer' || action === 'request') {
    if (input.offer !== undefined && (typeof input.offer !== 'object' || input.offer === null)) throw problems.badRequest('offer: must be an Offer in compact DSP 2025-1');
    return input.offer === undefined ? { kind: action } : { kind: action, offer: input.offer as MessageOffer };
  }
  if (input.offer !== undefined) throw problems.badRequest(`offer: ${action} takes none`);
  return { kind: action };
}
