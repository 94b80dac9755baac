/**
 * Constraints and logical constraints. Paths follow the policy's shape
 * (`permission[0].constraint[1].or[0]`) so a failure points at the constraint that caused it.
 */
import type { Constraint } from '../model/policy.ts';
import { allOf, anyOf, exactlyOneOf } from './combine-outcomes.ts';
import { evaluateAtomic } from './evaluate-atomic.ts';
import type { EvaluationEnv } from './evaluation-env.ts';
import { IGNORED, type Outcome, SATISFIED } from './outcome.ts';
import type { RuleRef } from './policy-decision.ts';

/** The constraints of a rule, which ODRL 2.2 ("Constraints") reads as a conjunction; none means satisfied. */
export function evaluateRuleConstraints(constraints: readonly Constraint[], rule: RuleRef, env: EvaluationEnv): Outcome {
  if (constraints.length === 0) return SATISFIED;
  return allOf(constraints.map((c, i) => evaluateConstraint(c, `${rule.path}.constraint[${i}]`, rule, env)));
}

export function evaluateConstraint(constraint: Constraint, path: string, rule: RuleRef, env: EvaluationEnv): Outcome {
  if (constraint.kind === 'atomic') return evaluateAtomic(constraint, path, rule, env);
  const childPath = (index: number) => `${path}.${constraint.operator}[${index}]`;
  if (constraint.operator === 'andSequence') return inSequence(constraint.constraints, childPath, rule, env);
  const outcomes = constraint.constraints.map((child, index) => evaluateConstraint(child, childPath(index), rule, env));
  switch (constraint.operator) {
    case 'and':
      return allOf(outcomes);
    case 'or':
      return anyOf(outcomes);
    case 'xone':
      return exactlyOneOf(outcomes, path);
  }
}

/**
 * andSequence: all must be satisfied, in order. At one instant that is `and`, except that the
 * evaluation stops at the first constraint that is not satisfied and reports only that one.
 */
function inSequence(children: readonly Constraint[], childPath: (index: number) => string, rule: RuleRef, env: EvaluationEnv): Outcome {
  const satisfied: Outcome[] = [];
  for (const [index, child] of children.entries()) {
    const outcome = evaluateConstraint(child, childPath(index), rule, env);
    if (outcome.state === 'ignored') continue;
    if (outcome.state !== 'satisfied') return outcome;
    satisfied.push(outcome);
  }
  return satisfied.length === 0 ? IGNORED : allOf(satisfied);
}
