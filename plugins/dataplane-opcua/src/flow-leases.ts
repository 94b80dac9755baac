/**
 * The OPC UA lease each live flow holds: taken at start or resume (which checks the server, the
 * credentials and the nodes), again on first use after a restart of this process, and given back on
 * suspend, terminate and completion. A server gone for good is reported as the flow's error.
 */
import type { DataFlow } from '@tdss/dataplane-sdk';
import type { OpcUaLease, OpcUaSessions } from './opcua-sessions.ts';
import { readSourceAddress } from './source-address.ts';

export interface FlowLeases {
  lease(flow: DataFlow): Promise<OpcUaLease>;
  drop(flowId: string): Promise<void>;
  dropAll(): Promise<void>;
}

export function createFlowLeases(options: { sessions: () => OpcUaSessions; errored: (flowId: string, reason: string) => void }): FlowLeases {
  const leases = new Map<string, Promise<OpcUaLease>>();
  const drop = async (flowId: string) => {
    const pending = leases.get(flowId);
    leases.delete(flowId);
    await (await pending?.catch(() => undefined))?.release();
  };
  return {
    lease(flow) {
      let pending = leases.get(flow.id);
      if (!pending) {
        const source = readSourceAddress(flow.metadata.sourceDataAddress);
        pending = options.sessions().acquire(source, String(flow.metadata.participantContextId ?? ''));
        leases.set(flow.id, pending);
        pending.then(
          (lease) => lease.onGone((reason) => options.errored(flow.id, reason)),
          () => leases.delete(flow.id),
        );
      }
      return pending;
    },
    drop,
    async dropAll() {
      await Promise.all([...leases.keys()].map(drop));
    },
  };
}
