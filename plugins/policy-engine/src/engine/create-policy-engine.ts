import { TdssError } from '@tdss/sdk';
import { builtinFunctions } from '../functions/builtin-functions.ts';
import type { PolicyFunction } from '../functions/policy-function.ts';
import { POLICY_SCOPES, type PolicyScope } from '../model/evaluation.ts';
import type { IsA } from '../operators/apply-operator.ts';
import { normalTerm } from '../parse/odrl-terms.ts';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { createDecision } from './create-decision.ts';
import { evaluatePolicy } from './evaluate-policy.ts';
import { createFunctionRegistry } from './function-registry.ts';
import { DEFAULT_SCOPE_OPTIONS, type PolicyEngine, type ScopeOptions } from './policy-engine.ts';

export interface PolicyEngineOptions {
  /** Functions beside the built-in ones; one with a built-in's exact left operand replaces it. */
  readonly functions?: readonly PolicyFunction[];
  readonly scopes?: Partial<Record<PolicyScope, Partial<ScopeOptions>>>;
  /** The clock `dateTime`, `elapsedTime` and credential validity read; read once per evaluation. */
  readonly clock?: () => Date;
  /** The type hierarchy of `isA` for left operands whose function brings none; equality when absent. */
  readonly isA?: IsA;
}

export function createPolicyEngine(options: PolicyEngineOptions = {}): PolicyEngine {
  const registry = createFunctionRegistry(builtinFunctions(), options.functions ?? []);
  const clock = options.clock ?? (() => new Date());
  const isA = options.isA ?? (() => false);
  const scopes = Object.fromEntries(
    POLICY_SCOPES.map((scope) => [scope, { ...DEFAULT_SCOPE_OPTIONS[scope], ...options.scopes?.[scope] }]),
  ) as Record<PolicyScope, ScopeOptions>;

  return {
    evaluate(policy, request) {
      if (!(POLICY_SCOPES as readonly string[]).includes(request.scope)) {
        throw new TdssError(`unknown policy scope "${String(request.scope)}"`, {
          code: 'POLICY_UNKNOWN_SCOPE',
          plugin: PLUGIN_NAME,
          hint: `evaluate in one of ${POLICY_SCOPES.join(', ')}`,
        });
      }
      const env = {
        scope: request.scope,
        unknownLeftOperand: scopes[request.scope].unknownLeftOperand,
        context: request.context ?? {},
        policy,
        now: new Date(clock().getTime()),
        registry,
        isA,
      };
      const { grantedBy, failures } = evaluatePolicy(env, normalTerm(request.action ?? 'use'));
      return createDecision({ scope: request.scope, policyId: policy.id, failures, ...(grantedBy ? { grantedBy } : {}) });
    },
  };
}
