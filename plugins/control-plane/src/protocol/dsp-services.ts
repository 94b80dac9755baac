/**
 * The services every DSP area (catalog, negotiation, transfer) authenticates and decides with,
 * resolved the same way for all of them. Both are optional, so profiles without them still start:
 * without a DspIdentityService DSP endpoints and outgoing messages fail with a 503 naming the
 * plugins that provide one; without @tdss/policy-engine policies are evaluated by an engine with
 * the built-in functions and default scope options.
 */
import { createPolicyEngine, PolicyEngine } from '@tdss/policy-engine';
import { type AnyServiceToken, DspIdentityService, ProblemError, type RegisterContext } from '@tdss/sdk';

/** For the plugin's `optional`. */
export const DSP_SERVICES_OPTIONAL: readonly AnyServiceToken[] = [DspIdentityService, PolicyEngine];

export interface DspServices {
  identity: () => DspIdentityService;
  engine: () => PolicyEngine;
}

export function resolveDspServices(ctx: RegisterContext<unknown>): DspServices {
  const identityIfAny = ctx.lazyOptional(DspIdentityService);
  const engineIfAny = ctx.lazyOptional(PolicyEngine);
  let fallbackEngine: PolicyEngine | undefined;
  return {
    identity() {
      const service = identityIfAny();
      if (!service) {
        throw new ProblemError(503, 'this runtime cannot authenticate DSP requests: its profile has no DspIdentityService; add @tdss/identity-hub (or @tdss/identity-dev for development)', {
          type: 'unavailable',
        });
      }
      return service;
    },
    engine() {
      const provided = engineIfAny();
      if (provided) return provided;
      if (!fallbackEngine) {
        ctx.logger.info('no PolicyEngine in the profile: policies are evaluated with the built-in functions only; add @tdss/policy-engine for contributed functions and scope settings');
        fallbackEngine = createPolicyEngine();
      }
      return fallbackEngine;
    },
  };
}
