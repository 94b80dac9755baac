/**
 * The work of each pending state: send the DSP message it is named after and, once the
 * counterparty acknowledged it (2xx), enter the DSP state it leads to, asking the deciders what
 * follows where this side may act there. Network failures, timeouts, 429 and 5xx are retried
 * with back-off; a refusal (another 4xx) ends the negotiation, telling the counterparty where it
 * still can. Sending may repeat after a crash: every message is idempotent at a TDSS
 * counterparty, and a repeated message refused because it was already applied is recognised by
 * asking the counterparty for the negotiation's state.
 */
import type { Database, Logger } from '@tdss/sdk';
import type { Outcome as StepOutcome, Processor, Step } from '@tdss/state-machine';
import { recordAgreement } from '../contract-agreement/record-agreement.ts';
import { type DspCall, DspCallError, type DspClient, type DspResponse } from '../protocol/dsp-client.ts';
import type { ParticipantContext } from '../tokens.ts';
import { type ContractNegotiationRow, toContractNegotiation } from './contract-negotiation.ts';
import type { DecisionChain } from './create-decision-chain.ts';
import { type NegotiationChanges, type OutcomeContext, outcomeOf } from './decision-outcome.ts';
import { allowedDecisions, type DecisionPoint } from './negotiation-decision.ts';
import { type PendingState, targetOf } from './negotiation-states.ts';
import { negotiationUrl } from './negotiation-urls.ts';

export interface ProcessorDeps {
  db: () => Database;
  client: () => DspClient;
  participant: (participantContextId: string) => Promise<ParticipantContext>;
  /** Our DSP base, where the counterparty sends its messages: the callback address we give. */
  callbackAddress: (participantContextId: string) => string;
  decisions: DecisionChain;
  outcomeContext: (participant: ParticipantContext) => OutcomeContext;
  logger: Logger;
}

type Row = Readonly<ContractNegotiationRow>;
type NegotiationStep = Step<ContractNegotiationRow>;
type Result = StepOutcome<ContractNegotiationRow>;

/** How long a row of a deactivated participant context waits before it is looked at again. */
const DEACTIVATED_RETRY_MS = 60_000;

/** What the counterparty tells us when our own message failed for good. */
const REFUSED_REASON = 'the negotiation cannot continue: a message of it was refused';

export function createNegotiationProcessors(deps: ProcessorDeps): Record<PendingState, Processor<ContractNegotiationRow>> {
  /** Sends a message; a final refusal becomes the step that ends the negotiation. */
  async function deliver(row: Row, step: NegotiationStep, participant: ParticipantContext, url: string, message: DspCall['message']): Promise<DspResponse | Result> {
    try {
      return await deps.client().send(call(row, participant, url, message));
    } catch (error) {
      // Network failures, timeouts, 429 and 5xx: the engine retries with back-off.
      if (!(error instanceof DspCallError) || error.retryable) throw error;
      if (step.attempt > 1 && row.correlationId && row.state !== 'TERMINATING') {
        const reached = await remoteState(row, participant);
        if (reached === targetOf(row.state as PendingState)) {
          deps.logger.info({ negotiation: row.id, state: row.state }, 'a repeated message was refused, but the counterparty had applied the first one');
          return { status: 200, body: undefined, headers: new Headers() };
        }
      }
      return failed(row, step, `${url} refused the ${row.state.toLowerCase()} message: ${describe(error)}`);
    }
  }

  async function remoteState(row: Row, participant: ParticipantContext): Promise<string | undefined> {
    try {
      const response = await deps.client().send(call(row, participant, negotiationUrl(row.counterpartyAddress, row.correlationId!)));
      return typeof response.body?.state === 'string' ? response.body.state : undefined;
    } catch {
      return undefined;
    }
  }

  function call(row: Row, participant: ParticipantContext, url: string, message?: DspCall['message']): DspCall {
    return {
      participantContextId: row.tenantId,
      participantId: participant.participantId,
      counterpartyId: row.counterpartyId,
      url,
      ...(message ? { message } : {}),
    };
  }

  function failed(row: Row, step: NegotiationStep, detail: string): Result {
    const errorDetail = row.errorDetail ? `${row.errorDetail}; then ${detail}` : detail;
    // Without the counterparty's process id there is no one to tell.
    if (row.state === 'TERMINATING' || !row.correlationId) return step.transition('TERMINATED', { errorDetail, protocolState: 'TERMINATED' });
    return step.transition('TERMINATING', { errorDetail, terminationReason: REFUSED_REASON });
  }

  /** The counterparty acknowledged our message: enter the state it leads to, and decide what follows. */
  async function acknowledged(row: Row, step: NegotiationStep, participant: ParticipantContext, changes: NegotiationChanges = {}): Promise<Result> {
    const reached = targetOf(row.state as PendingState);
    const settled = { ...changes, protocolState: reached };
    if (allowedDecisions(row.role, reached).length === 0) return step.transition(reached, settled);
    const negotiation = toContractNegotiation({ ...row, ...settled, state: reached } as ContractNegotiationRow);
    const initial = row.correlationId === null || row.correlationId === undefined;
    const decision = await deps.decisions.decide({ point: reached as DecisionPoint, role: row.role, initial, negotiation });
    const outcome = await outcomeOf(negotiation, reached, decision, deps.outcomeContext(participant));
    return step.transition(outcome.to, { ...settled, ...outcome.changes });
  }

  /** Runs the state's work for a row of the expected role, once its participant context is active. */
  const work =
    (role: ContractNegotiationRow['role'] | undefined, send: (row: Row, step: NegotiationStep, participant: ParticipantContext) => Promise<Result>): Processor<ContractNegotiationRow> =>
    async (row, step) => {
      if (role && row.role !== role) return failed(row, step, `a ${row.role.toLowerCase()} negotiation cannot be in ${row.state}`);
      const participant = await deps.participant(row.tenantId);
      if (participant.state !== 'ACTIVATED') return step.leave(DEACTIVATED_RETRY_MS);
      return send(row, step, participant);
    };

  const pids = (row: Row) =>
    row.role === 'PROVIDER' ? { providerPid: row.id, consumerPid: row.correlationId! } : { providerPid: row.correlationId!, consumerPid: row.id };

  return {
    REQUESTING: work('CONSUMER', async (row, step, participant) => {
      const initial = !row.correlationId;
      const url = initial ? negotiationUrl(row.counterpartyAddress, 'request') : negotiationUrl(row.counterpartyAddress, row.correlationId!, 'request');
      const message = initial
        ? { '@type': 'ContractRequestMessage' as const, consumerPid: row.id, offer: row.offer, callbackAddress: deps.callbackAddress(row.tenantId) }
        : { '@type': 'ContractRequestMessage' as const, ...pids(row), offer: row.offer };
      const sent = await deliver(row, step, participant, url, message);
      if (!isResponse(sent)) return sent;
      if (!initial) return acknowledged(row, step, participant);
      const providerPid = sent.body?.providerPid;
      if (typeof providerPid !== 'string') return failed(row, step, `${url} answered the contract request without a providerPid`);
      return acknowledged(row, step, participant, { correlationId: providerPid });
    }),
    OFFERING: work('PROVIDER', async (row, step, participant) => {
      const initial = !row.correlationId;
      const url = initial ? negotiationUrl(row.counterpartyAddress, 'offers') : negotiationUrl(row.counterpartyAddress, row.correlationId!, 'offers');
      const offer = row.offer as typeof row.offer & { target: string };
      const message = initial
        ? { '@type': 'ContractOfferMessage' as const, providerPid: row.id, offer, callbackAddress: deps.callbackAddress(row.tenantId) }
        : { '@type': 'ContractOfferMessage' as const, ...pids(row), offer };
      const sent = await deliver(row, step, participant, url, message);
      if (!isResponse(sent)) return sent;
      if (!initial) return acknowledged(row, step, participant);
      const consumerPid = sent.body?.consumerPid;
      if (typeof consumerPid !== 'string') return failed(row, step, `${url} answered the contract offer without a consumerPid`);
      return acknowledged(row, step, participant, { correlationId: consumerPid });
    }),
    ACCEPTING: work('CONSUMER', async (row, step, participant) => {
      const message = { '@type': 'ContractNegotiationEventMessage' as const, ...pids(row), eventType: 'ACCEPTED' as const };
      const sent = await deliver(row, step, participant, negotiationUrl(row.counterpartyAddress, row.correlationId!, 'events'), message);
      return isResponse(sent) ? acknowledged(row, step, participant) : sent;
    }),
    AGREEING: work('PROVIDER', async (row, step, participant) => {
      const message = { '@type': 'ContractAgreementMessage' as const, ...pids(row), agreement: row.agreement! };
      const sent = await deliver(row, step, participant, negotiationUrl(row.counterpartyAddress, row.correlationId!, 'agreement'), message);
      return isResponse(sent) ? acknowledged(row, step, participant) : sent;
    }),
    VERIFYING: work('CONSUMER', async (row, step, participant) => {
      const message = { '@type': 'ContractAgreementVerificationMessage' as const, ...pids(row) };
      const sent = await deliver(row, step, participant, negotiationUrl(row.counterpartyAddress, row.correlationId!, 'agreement', 'verification'), message);
      return isResponse(sent) ? acknowledged(row, step, participant) : sent;
    }),
    FINALIZING: work('PROVIDER', async (row, step, participant) => {
      // Recorded before the consumer hears FINALIZED, which lets it request a transfer at once; the
      // agreement counts only while this negotiation is FINALIZING or FINALIZED (see ContractAgreements.get).
      await recordAgreement(deps.db(), undefined, row.tenantId, row.agreement!, row.id);
      const message = { '@type': 'ContractNegotiationEventMessage' as const, ...pids(row), eventType: 'FINALIZED' as const };
      const sent = await deliver(row, step, participant, negotiationUrl(row.counterpartyAddress, row.correlationId!, 'events'), message);
      return isResponse(sent) ? acknowledged(row, step, participant) : sent;
    }),
    TERMINATING: work(undefined, async (row, step, participant) => {
      if (!row.correlationId) return step.transition('TERMINATED', { protocolState: 'TERMINATED' });
      const message = {
        '@type': 'ContractNegotiationTerminationMessage' as const,
        ...pids(row),
        ...(row.terminationReason ? { reason: [row.terminationReason] } : {}),
      };
      const sent = await deliver(row, step, participant, negotiationUrl(row.counterpartyAddress, row.correlationId, 'termination'), message);
      return isResponse(sent) ? acknowledged(row, step, participant) : sent;
    }),
  };
}

function isResponse(value: DspResponse | Result): value is DspResponse {
  return 'status' in value;
}

/** The failure and, for the owner, what the counterparty said (its ContractNegotiationError). */
function describe(error: DspCallError): string {
  const body = error.body === undefined ? '' : ` ${JSON.stringify(error.body).slice(0, 500)}`;
  return `${error.message}${body}`;
}
