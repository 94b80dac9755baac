/**
 * A data plane for tests with a counterparty: HttpData-PULL flows in process (DPS through
 * @tdss/dataplane-sdk), handing out an address per start or resume. No data moves: the tests
 * follow the transfer processes, not the bytes. Not part of the build.
 */
import { LocalDataPlanes } from '@tdss/control-plane';
import { createDataPlane, type DataFlow } from '@tdss/dataplane-sdk';
import type { AnyPlugin } from '@tdss/sdk';
import { contributingPlugin } from '@tdss/testing';

export const PULL = 'HttpData-PULL';

export function pullDataPlanePlugin(): AnyPlugin {
  const address = (flow: DataFlow) => ({ dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: `https://data.example/flows/${encodeURIComponent(flow.id)}` } });
  return contributingPlugin(
    'test-pull-data-plane',
    LocalDataPlanes,
    createDataPlane({
      id: 'test-pull',
      transferTypes: [{ profile: PULL, flow: 'PULL' }],
      onStart: async (flow) => address(flow),
      onResume: async (flow) => address(flow),
    }),
  );
}
