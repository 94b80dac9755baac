import { type Logger, TdssError } from '@tdss/sdk';
import { allowedDecisions, type DecisionSituation, type NegotiationDecider, type NegotiationDecision } from './negotiation-decision.ts';

export interface DecisionChain {
  decide(situation: DecisionSituation): Promise<NegotiationDecision>;
}

/** Asks the contributed deciders in order, then the defaults; refuses a decision the role may not take there. */
export function createDecisionChain(deciders: () => readonly NegotiationDecider[], defaults: NegotiationDecider, logger: Logger): DecisionChain {
  return {
    async decide(situation) {
      for (const decider of [...deciders(), defaults]) {
        const decision = await decider.decide(situation);
        if (decision === undefined) continue;
        const allowed = allowedDecisions(situation.role, situation.point);
        if (!allowed.includes(decision.kind)) {
          throw new TdssError(`negotiation decider ${decider.name} decided ${decision.kind}, which a ${situation.role.toLowerCase()} cannot do in ${situation.point}`, {
            code: 'NEGOTIATION_DECISION_NOT_ALLOWED',
            plugin: '@tdss/control-plane',
            hint: `decide one of ${allowed.join(', ')} there, or nothing (undefined) to leave it to the next decider`,
          });
        }
        logger.debug({ negotiation: situation.negotiation.id, point: situation.point, decider: decider.name, decision: decision.kind }, 'negotiation decision');
        return decision;
      }
      throw new TdssError('no negotiation decider decided', { code: 'NEGOTIATION_NO_DECISION', plugin: '@tdss/control-plane' });
    },
  };
}
