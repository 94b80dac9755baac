/**
 * The STARTED flows of a data plane that no other replica holds: no lease, an expired one, or
 * this replica's own. The flows come from the data plane's DataFlowStore (any store), the leases
 * from this plugin's lease table.
 */
import { DATA_FLOW_PAGE, type DataFlowStore } from '@tdss/dataplane-sdk';
import type { FlowLeases } from '../leases/flow-leases.ts';

export async function claimableFlowIds(store: DataFlowStore, leases: FlowLeases): Promise<string[]> {
  const started: string[] = [];
  // Offset pages may skip a flow that changes state meanwhile: the next pass (every third of the lease time) finds it.
  for (let offset = 0; ; offset += DATA_FLOW_PAGE.maxLimit) {
    const page = await store.list({ state: 'STARTED', offset, limit: DATA_FLOW_PAGE.maxLimit });
    started.push(...page.items.map((flow) => flow.id));
    if (page.items.length < DATA_FLOW_PAGE.maxLimit) break;
  }
  const heldElsewhere = await leases.heldByOthers(started);
  return started.filter((id) => !heldElsewhere.has(id));
}
