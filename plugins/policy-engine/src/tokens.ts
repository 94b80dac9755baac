/**
 * The public tokens of @tdss/policy-engine: other plugins require PolicyEngine and contribute
 * PolicyFunctions, importing both from this package's entry.
 */
import { createExtensionPoint, createServiceToken } from '@tdss/sdk';
import type { PolicyEngine as Engine } from './engine/policy-engine.ts';
import type { PolicyFunction } from './functions/policy-function.ts';
import { PLUGIN_NAME } from './plugin-name.ts';

export type PolicyEngine = Engine;

export const PolicyEngine = createServiceToken<PolicyEngine>('tdss.PolicyEngine', {
  description: 'Evaluates ODRL policies (DSP 2025-1 profile) in the catalog, contract.negotiation and transfer.process scopes.',
  providedBy: [PLUGIN_NAME],
});

export const PolicyFunctions = createExtensionPoint<PolicyFunction>('tdss.PolicyFunctions', {
  description: 'Left-operand and duty functions for policy evaluation, each for the scopes it names; contribute them in register().',
});
