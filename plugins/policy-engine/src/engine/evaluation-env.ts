import type { PolicyContext, PolicyScope } from '../model/evaluation.ts';
import type { Policy } from '../model/policy.ts';
import type { IsA } from '../operators/apply-operator.ts';
import type { FunctionRegistry } from './function-registry.ts';

/** Everything one evaluation shares, fixed before the first rule is looked at. */
export interface EvaluationEnv {
  readonly scope: PolicyScope;
  /** What a left operand without a function in the scope does: fail, or drop out of the evaluation. */
  readonly unknownLeftOperand: 'deny' | 'ignore';
  readonly context: PolicyContext;
  readonly policy: Policy;
  readonly now: Date;
  readonly registry: FunctionRegistry;
  readonly isA: IsA;
}
