import type { EvaluationRequest, PolicyScope } from '../model/evaluation.ts';
import type { Policy } from '../model/policy.ts';
import type { PolicyDecision } from './policy-decision.ts';

export interface PolicyEngine {
  /** Decides whether the policy permits the request; never throws for anything the policy or context holds. */
  evaluate(policy: Policy, request: EvaluationRequest): PolicyDecision;
}

export interface ScopeOptions {
  /**
   * A left operand with no function in the scope: `deny` makes the constraint undecidable (which
   * denies), `ignore` leaves it out as if it were not written, for a later scope to decide.
   */
  readonly unknownLeftOperand: 'deny' | 'ignore';
}

/**
 * The catalog only decides whether an offer is shown, and a negotiation follows that checks
 * everything again; negotiation and transfer decide, so they fail closed.
 */
export const DEFAULT_SCOPE_OPTIONS: Readonly<Record<PolicyScope, ScopeOptions>> = {
  catalog: { unknownLeftOperand: 'ignore' },
  'contract.negotiation': { unknownLeftOperand: 'deny' },
  'transfer.process': { unknownLeftOperand: 'deny' },
};
