/**
 * Where a data plane keeps its data flows. `update` is a compare-and-set on `version`, so two
 * replicas (or two copies of one message) cannot both apply a transition.
 */
import type { DataFlow } from './data-flow.ts';

export interface DataFlowStore {
  get(id: string): Promise<DataFlow | undefined>;
  /** False when a flow with this id exists already. */
  create(flow: DataFlow): Promise<boolean>;
  /** Writes `flow` (with version + 1) if the stored one still has `flow.version`; false otherwise. */
  update(flow: DataFlow): Promise<boolean>;
}

/** Flows in this process only: for tests and data planes whose flows may be lost on restart. */
export function createMemoryDataFlowStore(): DataFlowStore {
  const flows = new Map<string, DataFlow>();
  const copy = (flow: DataFlow): DataFlow => structuredClone(flow);
  return {
    async get(id) {
      const flow = flows.get(id);
      return flow ? copy(flow) : undefined;
    },
    async create(flow) {
      if (flows.has(flow.id)) return false;
      flows.set(flow.id, copy(flow));
      return true;
    },
    async update(flow) {
      const stored = flows.get(flow.id);
      if (!stored || stored.version !== flow.version) return false;
      flows.set(flow.id, { ...copy(flow), version: flow.version + 1 });
      return true;
    },
  };
}
