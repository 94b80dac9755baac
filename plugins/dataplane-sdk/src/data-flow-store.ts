/**
 * Where a data plane keeps its data flows. `update` is a compare-and-set on `version`, so two
 * replicas (or two copies of one message) cannot both apply a transition.
 */
import { callbackDueAt, type DataFlow } from './data-flow.ts';
import type { ControlPlaneRegistrationMessage } from './messages.ts';

export interface DataFlowStore {
  get(id: string): Promise<DataFlow | undefined>;
  /** False when a flow with this id exists already. */
  create(flow: DataFlow): Promise<boolean>;
  /** Writes `flow` (with version + 1) if the stored one still has `flow.version`; false otherwise. */
  update(flow: DataFlow): Promise<boolean>;
  /**
   * Flows with a callback in their outbox due at `now` or before, earliest first. Without it the
   * data plane re-sends only the callbacks of flows this process wrote.
   */
  due?(now: Date, limit: number): Promise<DataFlow[]>;
  /** Control plane registrations (PUT /controlplanes), kept so that a restarted data plane still knows where callbacks go. */
  readonly controlPlanes?: ControlPlaneRegistrations;
}

export interface ControlPlaneRegistrations {
  /** Registering an id again replaces it and makes it the latest. */
  save(registration: ControlPlaneRegistrationMessage): Promise<void>;
  /** False when it was not registered. */
  delete(id: string): Promise<boolean>;
  /** Oldest first: callbacks go to the last. */
  list(): Promise<ControlPlaneRegistrationMessage[]>;
}

/** Flows in this process only: for tests and data planes whose flows may be lost on restart. */
export function createMemoryDataFlowStore(): DataFlowStore {
  const flows = new Map<string, DataFlow>();
  const registrations = new Map<string, ControlPlaneRegistrationMessage>();
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
    async due(now, limit) {
      return [...flows.values()]
        .flatMap((flow) => {
          const at = callbackDueAt(flow);
          return at && at <= now ? [{ flow, at }] : [];
        })
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .slice(0, limit)
        .map(({ flow }) => copy(flow));
    },
    controlPlanes: {
      async save(registration) {
        registrations.delete(registration.controlplaneId);
        registrations.set(registration.controlplaneId, structuredClone(registration));
      },
      delete: async (id) => registrations.delete(id),
      list: async () => [...registrations.values()].map((registration) => structuredClone(registration)),
    },
  };
}
