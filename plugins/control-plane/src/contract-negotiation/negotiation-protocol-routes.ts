/**
 * The DSP 2025-1 contract negotiation endpoints of each participant context, provider and
 * consumer alike, below its DSP base (which is also the callback address it gives): the
 * counterparty is verified on every request, and any error it gets is a ContractNegotiationError.
 */
import Router from '@koa/router';
import type { ContractNegotiationState, DspMessageMap, DspMessageType } from '@tdss/json-ld';
import { type DspIdentityService, problems, readJsonBody } from '@tdss/sdk';
import type { Context } from 'koa';
import { DSP_ROUTE_PREFIX } from '../protocol/dsp-paths.ts';
import { processErrorBody, setProcessPids } from '../protocol/process-error-body.ts';
import { checkCounterpartyPid } from '../protocol/process-pid.ts';
import { dspState, verifyDspRequest } from '../protocol/verify-dsp-request.ts';
import type { ParticipantContexts } from '../tokens.ts';
import { type ContractNegotiationRow, ContractNegotiationEntity } from './contract-negotiation.ts';
import { UNKNOWN_OFFER_REASON } from './default-decider.ts';
import type { NegotiationRuntime } from './negotiation-runtime.ts';
import { dspStateOf } from './negotiation-states.ts';
import { createNegotiation, findByCorrelation } from './negotiation-store.ts';
import { isCallbackAddress } from './negotiation-urls.ts';
import { resolveOffer } from './resolve-offer.ts';
import { type IncomingInput, ownNegotiation, receiveMessage, type Sender } from './receive-message.ts';

export function createNegotiationProtocolRoutes(rt: NegotiationRuntime, contexts: () => ParticipantContexts, identity: () => DspIdentityService): Router {
  const router = new Router({ prefix: `${DSP_ROUTE_PREFIX}/negotiations` });
  const guard = [processErrorBody(rt.dsp, 'ContractNegotiationError'), verifyDspRequest(contexts, identity)];

  const read = async <T extends DspMessageType>(ctx: Context, type: T): Promise<DspMessageMap[T]> => {
    const message = await rt.dsp.read(readJsonBody(ctx), type);
    const { providerPid, consumerPid } = message as { providerPid?: string; consumerPid?: string };
    setProcessPids(ctx.state, { providerPid, consumerPid });
    return message;
  };
  const sender = (ctx: Context): Sender => dspState(ctx.state);
  const answer = (ctx: Context, status: number, row: ContractNegotiationRow) => {
    const theirs = row.correlationId ?? '';
    ctx.status = status;
    ctx.body = rt.dsp.write({
      '@type': 'ContractNegotiation',
      providerPid: row.role === 'PROVIDER' ? row.id : theirs,
      consumerPid: row.role === 'CONSUMER' ? row.id : theirs,
      state: dspStateOf(row.state) as ContractNegotiationState,
    });
  };
  /** A message to an existing negotiation of ours: 200 with the negotiation as it is now. */
  const receive = async (ctx: Context, input: IncomingInput) => answer(ctx, 200, await receiveMessage(rt, sender(ctx), ctx.params.pid!, input));

  router.get('/:pid', ...guard, async (ctx) => answer(ctx, 200, await ownNegotiation(rt, sender(ctx), ctx.params.pid!)));

  // Provider: a consumer begins a negotiation.
  router.post('/request', ...guard, async (ctx) => {
    const message = await read(ctx, 'ContractRequestMessage');
    const { participant, counterparty } = sender(ctx);
    if (message.providerPid !== undefined) throw problems.badRequest('a request naming a providerPid continues a negotiation: send it to /negotiations/{providerPid}/request');
    if (!isCallbackAddress(message.callbackAddress!)) throw problems.badRequest('callbackAddress must be an absolute http or https URL');
    checkCounterpartyPid('consumerPid', message.consumerPid);
    const existing = await findByCorrelation(rt, participant.id, 'PROVIDER', counterparty.participantId, message.consumerPid);
    if (existing) return answer(ctx, 201, existing);
    const resolved = await resolveRequested(rt, participant.id, message);
    const { row } = await createNegotiation(
      rt,
      participant,
      {
        role: 'PROVIDER',
        correlationId: message.consumerPid,
        counterpartyId: counterparty.participantId,
        counterpartyAddress: message.callbackAddress!,
        assetId: resolved,
        offer: message.offer,
      },
      { reached: 'REQUESTED', counterparty },
    );
    answer(ctx, 201, row);
  });

  // Consumer: a provider begins a negotiation with an offer.
  router.post('/offers', ...guard, async (ctx) => {
    const message = await read(ctx, 'ContractOfferMessage');
    const { participant, counterparty } = sender(ctx);
    if (message.consumerPid !== undefined) throw problems.badRequest('an offer naming a consumerPid continues a negotiation: send it to /negotiations/{consumerPid}/offers');
    if (!isCallbackAddress(message.callbackAddress!)) throw problems.badRequest('callbackAddress must be an absolute http or https URL');
    checkCounterpartyPid('providerPid', message.providerPid);
    const existing = await findByCorrelation(rt, participant.id, 'CONSUMER', counterparty.participantId, message.providerPid);
    if (existing) return answer(ctx, 201, existing);
    const { row } = await createNegotiation(
      rt,
      participant,
      {
        role: 'CONSUMER',
        correlationId: message.providerPid,
        counterpartyId: counterparty.participantId,
        counterpartyAddress: message.callbackAddress!,
        assetId: message.offer.target,
        offer: message.offer,
      },
      { reached: 'OFFERED', counterparty },
    );
    answer(ctx, 201, row);
  });

  router.post('/:pid/request', ...guard, async (ctx) => {
    const message = await read(ctx, 'ContractRequestMessage');
    if (message.providerPid === undefined) throw problems.badRequest('a request to an existing negotiation names its providerPid');
    await receive(ctx, { kind: 'request', providerPid: message.providerPid, consumerPid: message.consumerPid, changes: (row) => ({ offer: message.offer, assetId: message.offer.target ?? row.assetId }) });
  });

  router.post('/:pid/offers', ...guard, async (ctx) => {
    const message = await read(ctx, 'ContractOfferMessage');
    if (message.consumerPid === undefined) throw problems.badRequest('an offer to an existing negotiation names its consumerPid');
    await receive(ctx, { kind: 'offer', providerPid: message.providerPid, consumerPid: message.consumerPid, changes: () => ({ offer: message.offer, assetId: message.offer.target }) });
  });

  router.post('/:pid/events', ...guard, async (ctx) => {
    const message = await read(ctx, 'ContractNegotiationEventMessage');
    await receive(ctx, { kind: message.eventType === 'ACCEPTED' ? 'accepted' : 'finalized', ...pidsOf(message), changes: () => ({}) });
  });

  router.post('/:pid/agreement', ...guard, async (ctx) => {
    const message = await read(ctx, 'ContractAgreementMessage');
    const agreementId = message.agreement['@id'];
    const taken = await rt
      .db()
      .kysely()
      .selectFrom(ContractNegotiationEntity.meta.tableName)
      .select('id')
      .where('tenant_id', '=', sender(ctx).participant.id)
      .where('agreement_id', '=', agreementId)
      .where('id', '!=', ctx.params.pid!)
      .limit(1)
      .executeTakeFirst();
    if (taken) throw problems.badRequest(`agreement ${agreementId} is the agreement of another negotiation; an agreement needs an id of its own`);
    await receive(ctx, {
      kind: 'agreement',
      ...pidsOf(message),
      changes: () => ({ agreement: message.agreement, agreementId }),
      repeats: (row) => row.agreementId === agreementId,
    });
  });

  router.post('/:pid/agreement/verification', ...guard, async (ctx) => {
    const message = await read(ctx, 'ContractAgreementVerificationMessage');
    await receive(ctx, { kind: 'verification', ...pidsOf(message), changes: () => ({}) });
  });

  router.post('/:pid/termination', ...guard, async (ctx) => {
    const message = await read(ctx, 'ContractNegotiationTerminationMessage');
    const said = [message.code === undefined ? '' : ` (code ${message.code})`, message.reason?.length ? `: ${JSON.stringify(message.reason).slice(0, 1000)}` : ''].join('');
    await receive(ctx, { kind: 'termination', ...pidsOf(message), changes: () => ({ errorDetail: `terminated by the counterparty${said}` }) });
  });

  return router;
}

function pidsOf(message: { providerPid: string; consumerPid: string }) {
  return { providerPid: message.providerPid, consumerPid: message.consumerPid };
}

/** The asset a provider's catalog offered under the request's offer id, or a 400 that says only that it is unknown. */
async function resolveRequested(rt: NegotiationRuntime, participantContextId: string, message: DspMessageMap['ContractRequestMessage']): Promise<string> {
  const resolved = await resolveOffer(rt.provider, participantContextId, message.offer);
  if (resolved.known) return resolved.assetId;
  rt.logger.info({ participantContextId, consumerPid: message.consumerPid, detail: resolved.detail }, 'contract request for an unknown offer refused');
  throw problems.badRequest(UNKNOWN_OFFER_REASON);
}
