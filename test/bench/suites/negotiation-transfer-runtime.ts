/**
 * The runtime of the negotiation-transfer bench, in this process or in a child process: HTTP,
 * PostgreSQL, development DSP identities (shared secret), the policy engine and the control plane
 * with its default settings, plus the bench's own data plane stand-in.
 */
import controlPlane, { LocalDataPlanes } from '@tdss/control-plane';
import { createDataPlane } from '@tdss/dataplane-sdk';
import identityDev from '@tdss/identity-dev';
import policyEngine from '@tdss/policy-engine';
import { definePlugin } from '@tdss/sdk';
import { type BenchRuntime, startBenchRuntime } from './bench-runtime.ts';

export const TRANSFER_TYPE = 'HttpData-PULL';

/**
 * Bench code, not a data plane: an in-process DPS data plane that hands out a fixed pull address
 * at once, so the figures are the control plane's alone (negotiation, agreement, transfer request,
 * start message).
 */
const instantDataPlane = () => {
  const address = (flow: { id: string }) => ({ dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: `https://data.example/flows/${encodeURIComponent(flow.id)}` } });
  return createDataPlane({ id: 'bench-data-plane', transferTypes: [{ profile: TRANSFER_TYPE, flow: 'PULL' }], onStart: async (flow) => address(flow), onResume: async (flow) => address(flow) });
};

const benchDataPlane = definePlugin({
  name: 'bench-data-plane',
  version: '1.0.0',
  contributes: [LocalDataPlanes],
  register(ctx) {
    ctx.contribute(LocalDataPlanes, instantDataPlane());
  },
});

export function startNegotiationRuntime(name: string, databaseUrl: string, secret: string): Promise<BenchRuntime> {
  return startBenchRuntime(
    name,
    [{ plugin: identityDev, settings: { secret, tokenTtlSeconds: 3600 } }, { plugin: policyEngine }, { plugin: controlPlane }, { plugin: benchDataPlane }],
    { databaseUrl },
  );
}
