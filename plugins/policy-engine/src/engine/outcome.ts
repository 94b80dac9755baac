/**
 * The outcome of evaluating a constraint, in four states: besides satisfied and unsatisfied, a
 * constraint may be undecidable (`error`: no function, no value, type mismatch) or `ignored`
 * (no function, in a scope that leaves such constraints to a later scope). The checks explain
 * the state and become the failures of a denial.
 */
import type { LogicalOperator, Operator, RightOperand } from '../model/policy.ts';

export type CheckCode = 'holds' | 'unsatisfied' | 'type-mismatch' | 'no-value' | 'no-function';

export interface ConstraintCheck {
  readonly path: string;
  readonly leftOperand?: string;
  readonly operator: Operator | LogicalOperator;
  readonly rightOperand?: RightOperand;
  readonly actual?: unknown;
  readonly code: CheckCode;
  readonly reason: string;
}

export type OutcomeState = 'satisfied' | 'unsatisfied' | 'error' | 'ignored';

export interface Outcome {
  readonly state: OutcomeState;
  readonly checks: readonly ConstraintCheck[];
}

export const SATISFIED: Outcome = { state: 'satisfied', checks: [] };
export const IGNORED: Outcome = { state: 'ignored', checks: [] };
