/**
 * One atomic constraint: find the left operand's function in the scope, get its value, apply
 * the operator. Every way this can go wrong ends in an `error` outcome with a reason.
 */
import type { AtomicConstraint } from '../model/policy.ts';
import { applyOperator, type OperatorResult } from '../operators/apply-operator.ts';
import type { LeftOperandFunction } from '../functions/policy-function.ts';
import { isAnyValue, isMissingValue, missingValue } from '../values/left-value.ts';
import { readLeftValue, readRightOperand } from '../values/read-value.ts';
import { describeActual, describeOperand, jsonReady } from './describe-value.ts';
import type { EvaluationEnv } from './evaluation-env.ts';
import { type ConstraintCheck, IGNORED, type Outcome } from './outcome.ts';
import type { RuleRef } from './policy-decision.ts';

export function evaluateAtomic(constraint: AtomicConstraint, path: string, rule: RuleRef, env: EvaluationEnv): Outcome {
  const { leftOperand, operator, rightOperand } = constraint;
  const base = { path, leftOperand, operator, rightOperand };
  const expression = `${leftOperand} ${operator} ${describeOperand(rightOperand)}`;
  const error = (check: Omit<ConstraintCheck, keyof typeof base>): Outcome => ({ state: 'error', checks: [{ ...base, ...check }] });

  const fn = env.registry.leftOperand(leftOperand, env.scope);
  if (!fn) {
    if (env.unknownLeftOperand === 'ignore') return IGNORED;
    return error({ code: 'no-function', reason: `no function for leftOperand ${leftOperand} in scope ${env.scope}` });
  }
  const raw = resolve(fn, { scope: env.scope, context: env.context, policy: env.policy, rule, leftOperand, now: env.now });
  if (isMissingValue(raw)) return error({ code: 'no-value', reason: `no value for leftOperand ${leftOperand}: ${raw.reason}` });

  const right = readRightOperand(rightOperand);
  const candidates = isAnyValue(raw) ? raw.values : [raw];
  const results: OperatorResult[] =
    'unreadable' in right
      ? [{ mismatch: `the rightOperand is ${right.unreadable}` }]
      : candidates.map((candidate) => {
          const left = readLeftValue(candidate);
          return 'unreadable' in left ? { mismatch: `the value is ${left.unreadable}` } : applyOperator(operator, left, right, fn.isA ?? env.isA);
        });
  const actual = jsonReady(raw);
  const found = describeActual(raw);

  if (results.some((r) => 'holds' in r && r.holds)) {
    return { state: 'satisfied', checks: [{ ...base, actual, code: 'holds', reason: `${expression} holds for ${found}` }] };
  }
  if (results.some((r) => 'holds' in r)) {
    return { state: 'unsatisfied', checks: [{ ...base, actual, code: 'unsatisfied', reason: `${expression} does not hold for ${found}` }] };
  }
  const mismatch = results.map((r) => ('mismatch' in r ? r.mismatch : '')).find(Boolean) ?? 'no candidate values';
  return error({ actual, code: 'type-mismatch', reason: `${expression} cannot be decided for ${found}: ${mismatch}` });
}

function resolve(fn: LeftOperandFunction, input: Parameters<LeftOperandFunction['resolve']>[0]): unknown {
  try {
    const value = fn.resolve(input);
    if (value === undefined || value === null) return missingValue('its function returned no value');
    if (isAnyValue(value) && value.values.length === 0) return missingValue('its function returned no candidate values');
    return value;
  } catch (cause) {
    return missingValue(`its function failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
