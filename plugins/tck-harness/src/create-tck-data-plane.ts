/**
 * The data plane of the kit's transfer format, in-process (DPS, @tdss/dataplane-sdk): the kit
 * never pulls data, it only checks that a TransferStartMessage of a pull transfer carries a data
 * address. So the flow moves nothing and hands out an address naming the process; no token, so
 * nothing secret exists to leak.
 */
import { createDataPlane, type DataFlow, type DataPlane } from '@tdss/dataplane-sdk';

export const TCK_TRANSFER_TYPE = 'HttpData-PULL';

export function createTckDataPlane(): DataPlane {
  const address = (flow: DataFlow) => ({
    dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: `http://127.0.0.1/tck-harness/data/${encodeURIComponent(flow.id)}` },
  });
  return createDataPlane({
    id: 'tck-harness',
    transferTypes: [{ profile: TCK_TRANSFER_TYPE, flow: 'PULL' }],
    onStart: async (flow) => address(flow),
    onResume: async (flow) => address(flow),
  });
}
