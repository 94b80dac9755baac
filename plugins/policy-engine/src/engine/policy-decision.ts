/**
 * The outcome of one evaluation. The owner of the policy gets every failure; the counterparty
 * only ever gets `explain({ audience: 'counterparty' })`, which names no rule, operand or value.
 */
import type { LogicalOperator, Operator, RightOperand, RuleKind } from '../model/policy.ts';
import type { PolicyScope } from '../model/evaluation.ts';

/** A rule of the evaluated policy: `permission[0]`, `prohibition[1]`, `obligation[0]`, `permission[0].duty[1]`. */
export interface RuleRef {
  readonly kind: RuleKind;
  readonly index: number;
  readonly path: string;
  readonly action: string;
}

export type FailureCode =
  /** A constraint of a permission, or one deciding whether a duty applies, does not hold. */
  | 'unsatisfied'
  /** The value and the right operand cannot be compared by the operator. */
  | 'type-mismatch'
  /** The left operand's function had no value (no credential, no counterparty id, ...). */
  | 'no-value'
  /** No function for the left operand in the scope, which refuses unknown left operands. */
  | 'no-function'
  /** A prohibition applies. */
  | 'prohibited'
  /** A duty applies and its duty function says it is not fulfilled. */
  | 'duty-unfulfilled'
  /** No permission of the policy covers the action. */
  | 'no-permission';

export interface PolicyFailure {
  readonly code: FailureCode;
  /** The rule that failed; absent when the policy has no permission for the action at all. */
  readonly rule?: RuleRef;
  /** JSONPath-like path of the constraint in the policy, e.g. `permission[0].constraint[1].or[0]`. */
  readonly constraintPath?: string;
  readonly leftOperand?: string;
  readonly operator?: Operator | LogicalOperator;
  /** The expected value, as the policy states it. */
  readonly rightOperand?: RightOperand;
  /** The value the left operand's function produced, JSON-ready (dates as ISO strings). */
  readonly actual?: unknown;
  /** One sentence for the owner of the policy. */
  readonly reason: string;
}

export type Audience = 'owner' | 'counterparty';

interface DecisionBase {
  /** Random id, logged with the owner's detail and shown to the counterparty, to correlate the two. */
  readonly id: string;
  readonly scope: PolicyScope;
  readonly policyId: string;
  /** Text for the audience: full detail for the owner, a generic sentence for the counterparty. */
  explain(options: { audience: Audience }): string;
}

export interface PolicyPermit extends DecisionBase {
  readonly permitted: true;
  /** The permission that granted the action. */
  readonly grantedBy: RuleRef;
  readonly failures: readonly [];
}

export interface PolicyDenial extends DecisionBase {
  readonly permitted: false;
  readonly failures: readonly PolicyFailure[];
}

export type PolicyDecision = PolicyPermit | PolicyDenial;
