import { randomUUID } from 'node:crypto';
import type { PolicyScope } from '../model/evaluation.ts';
import type { Audience, PolicyDecision, PolicyFailure, RuleRef } from './policy-decision.ts';

export interface DecisionInput {
  readonly scope: PolicyScope;
  readonly policyId: string;
  readonly grantedBy?: RuleRef;
  readonly failures: readonly PolicyFailure[];
}

export function createDecision(input: DecisionInput): PolicyDecision {
  const id = randomUUID();
  const { scope, policyId, grantedBy, failures } = input;
  if (grantedBy) {
    const explain = ({ audience }: { audience: Audience }) =>
      audience === 'owner' ? `Permitted in scope ${scope} by ${grantedBy.path} of policy ${policyId} (decision ${id}).` : `Permitted (decision ${id}).`;
    return { id, scope, policyId, permitted: true, grantedBy, failures: [], explain };
  }
  const explain = ({ audience }: { audience: Audience }) =>
    audience === 'owner'
      ? [`Denied in scope ${scope} by policy ${policyId} (decision ${id}):`, ...failures.map(ownerLine)].join('\n')
      // Never more than this: the counterparty must not learn the provider's policy from a denial.
      : `Denied: the request does not satisfy the applicable policy (decision ${id}).`;
  return { id, scope, policyId, permitted: false, failures, explain };
}

function ownerLine(failure: PolicyFailure): string {
  const where = failure.rule ? `${failure.rule.path} (${failure.rule.action})` : 'policy';
  const constraint = failure.constraintPath ? `, ${failure.constraintPath}` : '';
  return `- [${failure.code}] ${where}${constraint}: ${failure.reason}`;
}
