/**
 * The rule semantics (README, "Semantics"): the action is permitted when at least one permission
 * covering it holds with its duties fulfilled, no prohibition covering it applies, and every
 * applicable policy obligation is fulfilled. Anything undecidable denies.
 */
import type { Duty } from '../model/policy.ts';
import { evaluateRuleConstraints } from './evaluate-constraint.ts';
import type { EvaluationEnv } from './evaluation-env.ts';
import type { ConstraintCheck } from './outcome.ts';
import type { FailureCode, PolicyFailure, RuleRef } from './policy-decision.ts';

export interface PolicyEvaluation {
  readonly grantedBy?: RuleRef;
  readonly failures: readonly PolicyFailure[];
}

export function evaluatePolicy(env: EvaluationEnv, action: string): PolicyEvaluation {
  const permissions = evaluatePermissions(env, action);
  const prohibitions = evaluateProhibitions(env, action);
  const obligations = env.policy.obligation.flatMap((duty, index) =>
    evaluateDuty(duty, { kind: 'obligation', index, path: `obligation[${index}]`, action: duty.action }, env),
  );
  const failures = [...(permissions.grantedBy ? [] : permissions.failures), ...prohibitions, ...obligations];
  return permissions.grantedBy && failures.length === 0 ? { grantedBy: permissions.grantedBy, failures } : { failures };
}

/** `use` is ODRL's most general action: a rule for it covers whatever action is asked for. */
function covers(ruleAction: string, action: string): boolean {
  return ruleAction === action || ruleAction === 'use';
}

function evaluatePermissions(env: EvaluationEnv, action: string): PolicyEvaluation {
  const failures: PolicyFailure[] = [];
  let covering = 0;
  for (const [index, permission] of env.policy.permission.entries()) {
    if (!covers(permission.action, action)) continue;
    covering += 1;
    const rule: RuleRef = { kind: 'permission', index, path: `permission[${index}]`, action: permission.action };
    const outcome = evaluateRuleConstraints(permission.constraint, rule, env);
    if (outcome.state === 'unsatisfied' || outcome.state === 'error') {
      failures.push(...toFailures(outcome.checks, rule));
      continue;
    }
    const duties = permission.duty.flatMap((duty, d) =>
      evaluateDuty(duty, { kind: 'duty', index: d, path: `${rule.path}.duty[${d}]`, action: duty.action }, env),
    );
    if (duties.length === 0) return { grantedBy: rule, failures: [] };
    failures.push(...duties);
  }
  if (covering === 0) {
    const reason = env.policy.permission.length === 0 ? 'the policy grants no permission' : `no permission of the policy covers the action ${action}`;
    failures.push({ code: 'no-permission', reason });
  }
  return { failures };
}

function evaluateProhibitions(env: EvaluationEnv, action: string): PolicyFailure[] {
  return env.policy.prohibition.flatMap((prohibition, index) => {
    if (!covers(prohibition.action, action)) return [];
    const rule: RuleRef = { kind: 'prohibition', index, path: `prohibition[${index}]`, action: prohibition.action };
    if (prohibition.constraint.length === 0) {
      return [{ code: 'prohibited' as const, rule, reason: `${rule.path} prohibits ${prohibition.action} unconditionally` }];
    }
    const outcome = evaluateRuleConstraints(prohibition.constraint, rule, env);
    if (outcome.state === 'satisfied') return toFailures(outcome.checks, rule, 'prohibited', (reason) => `prohibited because ${reason}`);
    // Fail closed: a prohibition that cannot be decided is treated as applying.
    if (outcome.state === 'error') return toFailures(outcome.checks, rule, undefined, (reason) => `${reason}; the prohibition is treated as applying`);
    return [];
  });
}

/**
 * A duty's constraints say whether it applies (W3C ODRL formal semantics: a duty whose
 * constraints are not satisfied is inactive). An applicable duty is fulfilled when the
 * counterparty agreed to it, which taking the offer or agreement is (ODRL 2.2 "Duty property with a Permission": duties
 * "MUST be agreed to be fulfilled"), unless a duty function for its action in this scope
 * checks the fulfilment itself.
 */
function evaluateDuty(duty: Duty, rule: RuleRef, env: EvaluationEnv): PolicyFailure[] {
  const activation = evaluateRuleConstraints(duty.constraint, rule, env);
  if (activation.state === 'error') {
    return toFailures(activation.checks, rule, undefined, (reason) => `${reason}; so whether the duty applies is unknown`);
  }
  if (activation.state !== 'satisfied') return [];
  const fn = env.registry.duty(duty.action, env.scope);
  if (!fn) return [];
  let fulfilment;
  try {
    fulfilment = fn.fulfilled({ scope: env.scope, context: env.context, policy: env.policy, rule, duty, now: env.now });
  } catch (cause) {
    fulfilment = { fulfilled: false as const, reason: `its duty function failed: ${cause instanceof Error ? cause.message : String(cause)}` };
  }
  return fulfilment.fulfilled ? [] : [{ code: 'duty-unfulfilled', rule, reason: `${rule.path} (${duty.action}) is not fulfilled: ${fulfilment.reason}` }];
}

function toFailures(checks: readonly ConstraintCheck[], rule: RuleRef, code?: FailureCode, reason = (r: string) => r): PolicyFailure[] {
  return checks.map((check) => ({
    code: code ?? (check.code === 'holds' ? 'prohibited' : check.code),
    rule,
    constraintPath: check.path,
    ...(check.leftOperand === undefined ? {} : { leftOperand: check.leftOperand }),
    operator: check.operator,
    ...(check.rightOperand === undefined ? {} : { rightOperand: check.rightOperand }),
    ...(check.actual === undefined ? {} : { actual: check.actual }),
    reason: reason(check.reason),
  }));
}
