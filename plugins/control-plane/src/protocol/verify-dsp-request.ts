/**
 * Every DSP request is addressed to one participant context and comes from one counterparty:
 * this middleware finds the first (a deactivated or unknown one is a 404, as DSP wants for
 * "unknown or unauthorised") and has the identity service verify the second (401 otherwise).
 */
import { type DspIdentityService, setRequestTenant, type VerifiedCounterparty } from '@tdss/sdk';
import type { Middleware } from 'koa';
import type { ParticipantContext, ParticipantContexts } from '../tokens.ts';

export interface DspRequestState {
  participant: ParticipantContext;
  counterparty: VerifiedCounterparty;
}

export function verifyDspRequest(contexts: () => ParticipantContexts, identity: () => DspIdentityService): Middleware {
  return async (ctx, next) => {
    const participant = await contexts().getActive(ctx.params.participantContextId!);
    setRequestTenant(participant.id);
    const counterparty = await identity().verify({
      authorization: ctx.get('authorization') || undefined,
      audience: participant.participantId,
      participantContextId: participant.id,
    });
    ctx.state.dsp = { participant, counterparty } satisfies DspRequestState;
    await next();
  };
}

export function dspState(state: Record<string, unknown>): DspRequestState {
  return state.dsp as DspRequestState;
}
