/**
 * A decider that follows a script per dataset id: what this connector does at each DSP state of a
 * negotiation for that dataset. Conformance harnesses use it to make the connector under test
 * offer, counter-offer, accept, terminate or wait exactly where a test needs it.
 *
 * ```ts
 * ctx.contribute(NegotiationDecisions, createScriptedDecider('dsp-tck', 'PROVIDER', {
 *   ACN0102: { REQUESTED: (s) => (s.initial ? { kind: 'offer' } : { kind: 'terminate' }) },
 *   ACN0202: { REQUESTED: { kind: 'wait' } },
 * }));
 * ```
 */
import type { NegotiationRole } from './contract-negotiation.ts';
import type { DecisionPoint, DecisionSituation, NegotiationDecider, NegotiationDecision } from './negotiation-decision.ts';

export type ScriptStep = NegotiationDecision | ((situation: DecisionSituation) => NegotiationDecision | undefined);

/** What to do at each point; a point not named is left to the next decider (or the defaults). */
export type NegotiationScript = Partial<Record<DecisionPoint, ScriptStep>>;

export function createScriptedDecider(name: string, role: NegotiationRole, scripts: Readonly<Record<string, NegotiationScript>>): NegotiationDecider {
  return {
    name,
    decide(situation) {
      if (situation.role !== role || !Object.hasOwn(scripts, situation.negotiation.assetId)) return undefined;
      const step = scripts[situation.negotiation.assetId]![situation.point];
      return typeof step === 'function' ? step(situation) : step;
    },
  };
}
