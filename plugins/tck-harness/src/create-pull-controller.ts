/**
 * The data flow of the kit's transfer format: the kit never pulls data, it only checks that a
 * TransferStartMessage of a pull transfer carries a data address. So the flow moves nothing and
 * hands out an address naming the process; no token, so nothing secret exists to leak.
 */
import type { DataFlow, DataFlowController } from '@tdss/control-plane';
import type { DataAddress } from '@tdss/json-ld';

export const TCK_TRANSFER_TYPE = 'HttpData-PULL';

export function createPullController(): DataFlowController {
  const address = (flow: DataFlow): DataAddress => ({
    '@type': 'DataAddress',
    endpointType: 'https://w3id.org/idsa/v4.1/HTTP',
    endpoint: `http://127.0.0.1/tck-harness/data/${encodeURIComponent(flow.transferProcessId)}`,
  });
  return {
    transferType: TCK_TRANSFER_TYPE,
    flow: 'PULL',
    start: async (flow) => ({ dataAddress: address(flow) }),
    resume: async (flow) => ({ dataAddress: address(flow) }),
    suspend: async () => {},
    complete: async () => {},
    terminate: async () => {},
  };
}
