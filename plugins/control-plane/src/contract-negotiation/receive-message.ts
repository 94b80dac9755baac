/**
 * A counterparty's message to a negotiation of ours: found only among this participant context's
 * negotiations with this counterparty (anything else is a 404, as DSP wants for unknown and
 * unauthorised alike), judged against the protocol's state machine, decided on where this side
 * may act, and applied with the state machine's `apply`, which writes nothing for a message that
 * repeats or comes out of order.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { ContractNegotiationState } from '@tdss/json-ld';
import { problems, type VerifiedCounterparty } from '@tdss/sdk';
import { checkCounterpartyPid, checkPathPid } from '../protocol/process-pid.ts';
import { recordAgreement } from '../contract-agreement/record-agreement.ts';
import type { ParticipantContext } from '../tokens.ts';
import { type ContractNegotiationRow, toContractNegotiation } from './contract-negotiation.ts';
import { type NegotiationChanges, type Outcome, outcomeOf } from './decision-outcome.ts';
import { allowedDecisions, type DecisionPoint } from './negotiation-decision.ts';
import { INPUT_RULES, type InputKind, judgeInput } from './negotiation-inputs.ts';
import type { NegotiationRuntime } from './negotiation-runtime.ts';
import { findNegotiation, startApplied } from './negotiation-store.ts';

export interface Sender {
  participant: ParticipantContext;
  counterparty: VerifiedCounterparty;
}

export interface IncomingInput {
  kind: InputKind;
  providerPid: string;
  consumerPid: string;
  /** What the message writes besides the state (the offer it carries, the agreement, ...). */
  changes(row: ContractNegotiationRow): NegotiationChanges;
  /** Whether the message carries what the current state was reached with; true when absent. */
  repeats?(row: ContractNegotiationRow): boolean;
}

/**
 * Rounds of judging again when the negotiation moved between reading it and applying the message:
 * every write to the row (a processor's claim, its outcome, a retry) costs one, and a 409 ends the
 * sender's negotiation, so a few more than the two a message in flight usually meets.
 */
const ROUNDS = 5;

export async function receiveMessage(rt: NegotiationRuntime, sender: Sender, pid: string, input: IncomingInput): Promise<ContractNegotiationRow> {
  const rule = INPUT_RULES[input.kind];
  for (let round = 0; round < ROUNDS; round++) {
    const row = await ownNegotiation(rt, sender, pid);
    const ours = row.role === 'PROVIDER' ? input.providerPid : input.consumerPid;
    const theirs = row.role === 'PROVIDER' ? input.consumerPid : input.providerPid;
    checkPathPid(row.role === 'PROVIDER' ? 'providerPid' : 'consumerPid', ours, pid);
    if (row.correlationId && row.correlationId !== theirs) throw notFound(pid);
    if (!row.correlationId) checkCounterpartyPid(row.role === 'PROVIDER' ? 'consumerPid' : 'providerPid', theirs);
    const verdict = judgeInput(row, input.kind, input.repeats?.(row) ?? true);
    if (verdict.kind === 'duplicate') return row;
    if (verdict.kind === 'refused') throw problems.badRequest(verdict.reason);

    const changes: NegotiationChanges = { ...(row.correlationId ? {} : { correlationId: theirs }), ...input.changes(row), protocolState: rule.result };
    const outcome = await decide(rt, sender, row, rule.result, changes);
    const apply = (em: EntityManager) =>
      rt.machine().apply(em, {
        id: row.id,
        tenantId: row.tenantId,
        from: [row.state],
        to: outcome.to,
        changes: { ...changes, ...outcome.changes },
        claim: true,
        // The row judged, as it was: an offer answered with a new request while our first request
        // is still being acknowledged re-enters REQUESTING (the late acknowledgement is then
        // refused), and a row that moved meanwhile is judged again, so no outcome is overwritten.
        version: row.version,
      });
    // The transition alone is one statement; the consumer keeps the agreement from the moment it
    // is final, in the same transaction as the transition.
    const result =
      input.kind === 'finalized'
        ? await rt.db().transactional(async (em) => {
            const applied = await apply(em);
            if (applied.result === 'applied') await recordAgreement(rt.db(), em, row.tenantId, applied.row.agreement!, row.id);
            return applied;
          })
        : await apply(rt.db().em());
    if (result.result === 'applied') {
      startApplied(rt, result);
      return result.row as ContractNegotiationRow;
    }
    if (result.result === 'duplicate') return result.row as ContractNegotiationRow;
    if (result.result === 'not-found') throw notFound(pid);
    // Refused: the negotiation moved since it was read; judge the message against where it is now.
  }
  throw problems.conflict(`negotiation ${pid} kept changing while the message was applied; send it again`);
}

/** A negotiation of this participant context with this counterparty; a 404 for anyone else's. */
export async function ownNegotiation(rt: NegotiationRuntime, sender: Sender, pid: string): Promise<ContractNegotiationRow> {
  const row = await findNegotiation(rt, sender.participant.id, pid);
  if (!row || row.counterpartyId !== sender.counterparty.participantId) throw notFound(pid);
  return row;
}

async function decide(rt: NegotiationRuntime, sender: Sender, row: ContractNegotiationRow, reached: ContractNegotiationState, changes: NegotiationChanges): Promise<Outcome> {
  if (allowedDecisions(row.role, reached).length === 0) return { to: reached, changes: {} };
  const negotiation = toContractNegotiation({ ...row, ...changes, state: reached } as ContractNegotiationRow);
  const decision = await rt.decisions.decide({
    point: reached as DecisionPoint,
    role: row.role,
    initial: false,
    negotiation,
    ...(changes.offer ? { previousOffer: row.offer } : {}),
    counterparty: sender.counterparty,
  });
  return outcomeOf(negotiation, reached, decision, rt.outcomeContext(sender.participant));
}

function notFound(pid: string) {
  return problems.notFound(`contract negotiation ${pid} does not exist`);
}
