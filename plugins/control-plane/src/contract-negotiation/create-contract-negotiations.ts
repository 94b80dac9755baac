import type { MessageOffer } from '@tdss/json-ld';
import { type Page, ProblemError, problems, TdssError } from '@tdss/sdk';
import type { ParticipantContext } from '../tokens.ts';
import { type ContractNegotiation, ContractNegotiationEntity, type ContractNegotiationRow, type NegotiationRole, toContractNegotiation } from './contract-negotiation.ts';
import { outcomeOf } from './decision-outcome.ts';
import { allowedDecisions, type NegotiationDecision } from './negotiation-decision.ts';
import type { NegotiationRuntime } from './negotiation-runtime.ts';
import { isFinal, isPending, type NegotiationState } from './negotiation-states.ts';
import { createNegotiation, findNegotiation, startApplied } from './negotiation-store.ts';
import { isCallbackAddress } from './negotiation-urls.ts';

export interface NewNegotiationInput {
  /** The counterparty's DSP 2025-1 base URL (for a request, the provider's; for an offer, the consumer's). */
  counterpartyAddress: string;
  /** The counterparty's participant id (its DID under DCP). */
  counterpartyId: string;
  /** An offer in compact DSP 2025-1, with its `@id` and `target`. */
  offer: MessageOffer;
}

export interface NegotiationQuery {
  offset: number;
  limit: number;
  filters: { state?: NegotiationState; counterpartyId?: string; role?: NegotiationRole };
}

/** Contract negotiations of participant contexts, and what their tenants do in them. */
export interface ContractNegotiations {
  /** Consumer: requests the offer of a provider; the request is sent at once. */
  request(participantContextId: string, input: NewNegotiationInput): Promise<ContractNegotiation>;
  /** Provider: offers a dataset to a consumer that did not ask; the offer is sent at once. */
  offer(participantContextId: string, input: NewNegotiationInput): Promise<ContractNegotiation>;
  /** 404 problem when the participant context has no such negotiation. */
  get(participantContextId: string, id: string): Promise<ContractNegotiation>;
  /** A page of a participant context's negotiations, oldest first, matching every filter given. */
  list(participantContextId: string, query: NegotiationQuery): Promise<Page<ContractNegotiation>>;
  /**
   * Takes a decision now, where the negotiation waits for this side: the provider offers, agrees
   * or finalizes, the consumer accepts, counter-offers (`request`) or verifies, and either side
   * terminates (at any time before the end). 409 problem when the state does not allow it.
   */
  act(participantContextId: string, id: string, decision: NegotiationDecision): Promise<ContractNegotiation>;
}

export function createContractNegotiations(rt: NegotiationRuntime): ContractNegotiations {
  const activeParticipant = async (participantContextId: string): Promise<ParticipantContext> => {
    const participant = await rt.contexts().get(participantContextId);
    if (participant.state !== 'ACTIVATED') throw problems.conflict(`participant context ${participantContextId} is ${participant.state}; activate it to negotiate`);
    return participant;
  };
  const get = async (participantContextId: string, id: string): Promise<ContractNegotiationRow> => {
    await rt.contexts().get(participantContextId);
    const row = await findNegotiation(rt, participantContextId, id);
    if (!row) throw problems.notFound(`contract negotiation ${JSON.stringify(id)} does not exist in participant context ${JSON.stringify(participantContextId)}`);
    return row;
  };
  const begin = async (participantContextId: string, role: NegotiationRole, input: NewNegotiationInput) => {
    checkInput(input);
    const participant = await activeParticipant(participantContextId);
    const { row } = await createNegotiation(
      rt,
      participant,
      { role, correlationId: null, counterpartyId: input.counterpartyId, counterpartyAddress: input.counterpartyAddress, assetId: input.offer.target!, offer: input.offer },
      { state: role === 'CONSUMER' ? 'REQUESTING' : 'OFFERING' },
    );
    return toContractNegotiation(row);
  };

  return {
    request: (participantContextId, input) => begin(participantContextId, 'CONSUMER', input),
    offer: (participantContextId, input) => begin(participantContextId, 'PROVIDER', input),
    async get(participantContextId, id) {
      return toContractNegotiation(await get(participantContextId, id));
    },
    async list(participantContextId, { offset, limit, filters }) {
      await rt.contexts().get(participantContextId);
      const page = await rt.db().tenantRepository(ContractNegotiationEntity, participantContextId).find({ ...filters }, { offset, limit, orderBy: { createdAt: 'asc' } });
      return { ...page, items: page.items.map((row) => toContractNegotiation(row as ContractNegotiationRow)) };
    },
    async act(participantContextId, id, decision) {
      const participant = await activeParticipant(participantContextId);
      const row = await get(participantContextId, id);
      refuseUnlessAllowed(row, decision);
      const outcome = await outcomeOf(toContractNegotiation(row), isPending(row.state) ? (row.protocolState ?? 'REQUESTED') : row.state, decision, rt.outcomeContext(participant)).catch(
        (error: unknown) => {
          // An offer the tenant named is the tenant's mistake, not the connector's.
          throw error instanceof TdssError && error.code === 'NEGOTIATION_INVALID_OFFER' ? problems.badRequest(error.message) : error;
        },
      );
      const result = await rt.db().transactional((em) =>
        rt.machine().apply(em, { id: row.id, tenantId: participantContextId, from: [row.state], to: outcome.to, changes: outcome.changes, claim: true }),
      );
      if (result.result === 'applied') {
        startApplied(rt, result);
        return toContractNegotiation(result.row as ContractNegotiationRow);
      }
      if (result.result === 'not-found') throw problems.notFound(`contract negotiation ${JSON.stringify(id)} does not exist in participant context ${JSON.stringify(participantContextId)}`);
      throw problems.conflict(`contract negotiation ${id} moved on meanwhile (it is ${result.row.state} now); look at it again before acting`);
    },
  };
}

function refuseUnlessAllowed(row: ContractNegotiationRow, decision: NegotiationDecision): void {
  const role = row.role.toLowerCase();
  if (decision.kind === 'terminate') {
    if (isFinal(row.state) || row.state === 'TERMINATING') throw problems.conflict(`contract negotiation ${row.id} is ${row.state} already`);
    return;
  }
  if (decision.kind === 'wait') throw problems.badRequest('waiting is not an action: a negotiation waits by itself');
  const allowed = isPending(row.state) ? [] : allowedDecisions(row.role, row.state).filter((kind) => kind !== 'wait');
  if (!allowed.includes(decision.kind)) {
    const now = isPending(row.state) ? `it is ${row.state}, waiting for the counterparty to acknowledge our message` : `in ${row.state} a ${role} can ${allowed.join(', ') || 'only wait for the counterparty'}`;
    throw problems.conflict(`cannot ${decision.kind} contract negotiation ${row.id}: ${now}`);
  }
}

function checkInput(input: NewNegotiationInput): void {
  const errors: Array<{ path: string; problem: string }> = [];
  if (typeof input.counterpartyAddress !== 'string' || !isCallbackAddress(input.counterpartyAddress)) {
    errors.push({ path: 'counterpartyAddress', problem: "required: the counterparty's DSP 2025-1 base URL (http or https)" });
  }
  if (typeof input.counterpartyId !== 'string' || input.counterpartyId.length === 0) errors.push({ path: 'counterpartyId', problem: "required: the counterparty's participant id" });
  if (typeof input.offer?.['@id'] !== 'string') errors.push({ path: 'offer.@id', problem: 'required: the id of the offer' });
  if (typeof input.offer?.target !== 'string') errors.push({ path: 'offer.target', problem: 'required: the dataset the offer is for' });
  if (errors.length) throw new ProblemError(400, errors.map((e) => `${e.path}: ${e.problem}`).join('; '), { type: 'bad-request', extensions: { errors } });
}
