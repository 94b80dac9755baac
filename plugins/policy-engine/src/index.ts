/**
 * @tdss/policy-engine: ODRL policy evaluation for the control plane (DSP 2025-1 profile). It
 * provides PolicyEngine, built from the built-in functions and every PolicyFunctions
 * contribution, and exports the policy model, the parser and the engine factory.
 */
import { definePlugin } from '@tdss/sdk';
import { createPolicyEngine } from './engine/create-policy-engine.ts';
import { isDutyFunction } from './functions/policy-function.ts';
import { PLUGIN_NAME } from './plugin-name.ts';
import { logDenials } from './plugin/log-denials.ts';
import { PolicyEngineSettings } from './settings.ts';
import { PolicyEngine, PolicyFunctions } from './tokens.ts';

export { PolicyEngine, PolicyFunctions } from './tokens.ts';
export { PolicyEngineSettings } from './settings.ts';
export * from './model/policy.ts';
export * from './model/evaluation.ts';
export { parsePolicy, type ParsePolicyOptions } from './parse/parse-policy.ts';
export { PolicyParseError, type PolicyIssue } from './parse/policy-parse-error.ts';
export { createPolicyEngine, type PolicyEngineOptions } from './engine/create-policy-engine.ts';
export { DEFAULT_SCOPE_OPTIONS, type ScopeOptions } from './engine/policy-engine.ts';
export type * from './engine/policy-decision.ts';
export type * from './functions/policy-function.ts';
export type { IsA } from './operators/apply-operator.ts';
export { anyValue, elapsedTime, missingValue, type AnyValue, type ElapsedTime, type MissingValue } from './values/left-value.ts';
export { CREDENTIAL_CLAIM } from './functions/credential-claim-function.ts';

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'ODRL policy evaluation (DSP 2025-1 profile) with scopes and contributed left-operand and duty functions.',
  settings: PolicyEngineSettings,
  provides: [PolicyEngine],
  start(ctx) {
    const functions = ctx.contributions(PolicyFunctions);
    const engine = createPolicyEngine({ functions, scopes: ctx.settings.scopes });
    ctx.provide(PolicyEngine, logDenials(engine, ctx.logger));
    ctx.logger.info(
      {
        scopes: ctx.settings.scopes,
        contributed: functions.map((fn) => (isDutyFunction(fn) ? `duty ${fn.dutyAction}` : String(fn.leftOperand))),
      },
      'policy engine ready',
    );
  },
});
