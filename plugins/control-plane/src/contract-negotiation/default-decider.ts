/**
 * What this control plane does when no contributed decider decides:
 *
 * - provider, on a request (REQUESTED) or an acceptance (ACCEPTED): agree when the offer is one of
 *   its catalog's, its terms are the contract policy's, and the counterparty satisfies the access
 *   policy (catalog scope) and the contract policy (contract.negotiation scope); otherwise
 *   terminate, telling the counterparty only a generic reason;
 * - provider, on a verification (VERIFIED): finalize; after its own offer (OFFERED): wait;
 * - consumer, on an offer (OFFERED): accept it when it has the target and terms the consumer
 *   requested, otherwise wait for the tenant; after its request (REQUESTED): wait;
 * - consumer, on an agreement (AGREED): verify it when it is the latest offer's terms for its
 *   target, between the two parties; otherwise terminate.
 */
import type { Agreement, MessageOffer } from '@tdss/json-ld';
import type { PolicyScope } from '@tdss/policy-engine';
import { policyContextOf } from '../protocol/policy-context.ts';
import type { ContractNegotiation } from './contract-negotiation.ts';
import type { DecisionSituation, NegotiationDecider, NegotiationDecision } from './negotiation-decision.ts';
import type { ProviderServices } from './negotiation-services.ts';
import { sameTerms, termsOf } from './negotiation-terms.ts';
import { resolveOffer } from './resolve-offer.ts';

/** What a counterparty learns when its request does not fit the catalog; the owner's detail says why. */
export const UNKNOWN_OFFER_REASON = 'the offer is not one of the provider’s current offers';
const POLICY_UNAVAILABLE_REASON = 'the provider cannot evaluate its policies at the moment';

export function createDefaultDecider(services: ProviderServices, participantIdOf: (participantContextId: string) => Promise<string>): NegotiationDecider {
  return {
    name: 'defaults',
    async decide(situation) {
      const { role, point } = situation;
      if (role === 'PROVIDER') {
        if (point === 'REQUESTED' || point === 'ACCEPTED') return checkRequest(services, situation);
        return point === 'VERIFIED' ? { kind: 'finalize' } : { kind: 'wait' };
      }
      if (point === 'OFFERED') return matchesRequest(situation) ? { kind: 'accept' } : { kind: 'wait' };
      if (point === 'AGREED') {
        const mismatch = agreementMismatch(situation.negotiation, await participantIdOf(situation.negotiation.participantContextId));
        return mismatch ? terminate('the agreement does not match the offer', `the agreement was not verified: ${mismatch}`) : { kind: 'verify' };
      }
      return { kind: 'wait' };
    },
  };
}

async function checkRequest(services: ProviderServices, situation: DecisionSituation): Promise<NegotiationDecision> {
  const { negotiation } = situation;
  const participantContextId = negotiation.participantContextId;
  const resolved = await resolveOffer(services, participantContextId, negotiation.offer);
  if (!resolved.known) return terminate(UNKNOWN_OFFER_REASON, resolved.detail);
  const compile = async (id: string) => services.compiled.compile(await services.policyDefinitions().get(participantContextId, id));
  const { accessPolicyId, contractPolicyId } = resolved.definition;
  const reading = compile(accessPolicyId);
  // One policy is often both (an open definition): read it once.
  const [access, contract] = await Promise.all([reading, contractPolicyId === accessPolicyId ? reading : compile(contractPolicyId)]);
  if (!access.ok || !contract.ok) {
    const reasons = [access, contract].flatMap((compiled) => (compiled.ok ? [] : [compiled.reason]));
    return terminate(POLICY_UNAVAILABLE_REASON, `a policy of contract definition ${resolved.definition.id} cannot be read: ${reasons.join('; ')}`);
  }
  if (!sameTerms(termsOf(negotiation.offer), contract.offer?.terms)) {
    return terminate('the requested terms are not the terms offered for this dataset', `offer ${negotiation.offer['@id']} does not have the terms of contract policy ${resolved.definition.contractPolicyId}`);
  }
  const engine = services.policyEngine();
  const context = situation.counterparty ? policyContextOf(situation.counterparty) : { counterparty: { id: negotiation.counterpartyId } };
  const checks: Array<[PolicyScope, typeof access.policy]> = [
    ['catalog', access.policy],
    ['contract.negotiation', contract.policy],
  ];
  for (const [scope, policy] of checks) {
    const decision = engine.evaluate(policy, { scope, context });
    if (!decision.permitted) {
      services.logger.info({ negotiation: negotiation.id, decision: decision.id, scope }, 'contract request denied by policy; terminating the negotiation');
      return terminate(decision.explain({ audience: 'counterparty' }), decision.explain({ audience: 'owner' }));
    }
  }
  return { kind: 'agree' };
}

function matchesRequest({ initial, previousOffer, negotiation }: DecisionSituation): boolean {
  return !initial && previousOffer !== undefined && sameOffer(previousOffer, negotiation.offer);
}

function sameOffer(requested: MessageOffer, offered: MessageOffer): boolean {
  return requested.target === offered.target && sameTerms(termsOf(requested), termsOf(offered));
}

/** Undefined when the agreement is the one the consumer expects; otherwise what is wrong with it. */
function agreementMismatch(negotiation: ContractNegotiation, participantId: string): string | undefined {
  const agreement = negotiation.agreement as Agreement;
  if (agreement.target !== negotiation.offer.target) return `it targets ${JSON.stringify(agreement.target)}, the offer ${JSON.stringify(negotiation.offer.target)}`;
  if (agreement.assignee !== participantId) return `its assignee is ${JSON.stringify(agreement.assignee)}, not this participant (${JSON.stringify(participantId)})`;
  if (agreement.assigner !== negotiation.counterpartyId) return `its assigner is ${JSON.stringify(agreement.assigner)}, not the provider (${JSON.stringify(negotiation.counterpartyId)})`;
  if (!sameTerms(termsOf(agreement), termsOf(negotiation.offer))) return `its terms are not those of offer ${negotiation.offer['@id']}`;
  return undefined;
}

function terminate(reason: string, detail: string): NegotiationDecision {
  return { kind: 'terminate', reason, detail };
}
