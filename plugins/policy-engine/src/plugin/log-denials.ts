import type { Logger } from '@tdss/sdk';
import type { PolicyEngine } from '../engine/policy-engine.ts';

/**
 * Logs each denial under its decision id, the id the counterparty is shown. The info line names
 * the failing rules, constraints and reason codes; the values (which may be personal claims)
 * only reach the debug line.
 */
export function logDenials(engine: PolicyEngine, logger: Logger): PolicyEngine {
  return {
    evaluate(policy, request) {
      const decision = engine.evaluate(policy, request);
      if (decision.permitted) return decision;
      const where = { decision: decision.id, scope: decision.scope, policy: decision.policyId };
      logger.info(
        {
          ...where,
          failures: decision.failures.map((f) => ({
            code: f.code,
            rule: f.rule?.path,
            constraint: f.constraintPath,
            leftOperand: f.leftOperand,
            operator: f.operator,
          })),
        },
        'policy denied',
      );
      logger.debug({ ...where, failures: decision.failures }, 'policy denial detail');
      return decision;
    },
  };
}
