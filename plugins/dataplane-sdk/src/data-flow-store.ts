/**
 * Where a data plane keeps its data flows. `update` is a compare-and-set on `version`, so two
 * replicas (or two copies of one message) cannot both apply a transition.
 */
import type { Page } from '@tdss/sdk';
import { callbackDueAt, type DataFlow } from './data-flow.ts';
import { createMemoryDataFlowLeases, type DataFlowLeases } from './data-flow-leases.ts';
import type { ControlPlaneRegistrationMessage, DataFlowState } from './messages.ts';

/** Which flows `list` answers, and which page of them. */
export interface DataFlowQuery {
  /** Flows in this state, or in one of these; every state when absent. */
  state?: DataFlowState | readonly DataFlowState[];
  /** Flows to skip; 0 when absent. */
  offset?: number;
  /** Flows to answer; 50 when absent, never more than 500 (larger values are lowered to 500). */
  limit?: number;
}

/** The page size of `list` when none is asked for, and the largest one. */
export const DATA_FLOW_PAGE = { limit: 50, maxLimit: 500 } as const;

/** The page a query asks for, bounded as the project's other lists are. */
export function pageOf(query: DataFlowQuery): { offset: number; limit: number } {
  return { offset: Math.max(0, Math.trunc(query.offset ?? 0)), limit: Math.min(DATA_FLOW_PAGE.maxLimit, Math.max(1, Math.trunc(query.limit ?? DATA_FLOW_PAGE.limit))) };
}

/** The states a query asks for, undefined for all. */
export function statesOf(query: DataFlowQuery): readonly DataFlowState[] | undefined {
  return query.state === undefined ? undefined : typeof query.state === 'string' ? [query.state] : query.state;
}

export interface DataFlowStore {
  get(id: string): Promise<DataFlow | undefined>;
  /** False when a flow with this id exists already. */
  create(flow: DataFlow): Promise<boolean>;
  /** Writes `flow` (with version + 1) if the stored one still has `flow.version`; false otherwise. */
  update(flow: DataFlow): Promise<boolean>;
  /**
   * This data plane's flows, by id: what a data plane resumes after a restart (its STARTED flows)
   * without knowing how the store keeps them. Offset pages: a flow that changes state between two
   * pages may be skipped or seen twice, so a caller that must see every one lists again later.
   */
  list(query?: DataFlowQuery): Promise<Page<DataFlow>>;
  /**
   * Flows with a callback in their outbox due at `now` or before, earliest first. Without it the
   * data plane re-sends only the callbacks of flows this process wrote.
   */
  due?(now: Date, limit: number): Promise<DataFlow[]>;
  /** Control plane registrations (PUT /controlplanes), kept so that a restarted data plane still knows where callbacks go. */
  readonly controlPlanes?: ControlPlaneRegistrations;
  /**
   * Per-flow leases of this data plane's flows for the replica `owner`, each `leaseMs` long: what
   * `createFlowOwnership` runs a flow's work in one replica with. Without it a store serves one process.
   */
  leases?(owner: string, leaseMs: number): DataFlowLeases;
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
  const leases = new Map<string, { owner: string; expiresAt: number }>();
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
    async list(query = {}) {
      const { offset, limit } = pageOf(query);
      const states = statesOf(query);
      const matching = [...flows.values()].filter((flow) => !states || states.includes(flow.state)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { items: matching.slice(offset, offset + limit).map(copy), total: matching.length, offset, limit };
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
    leases: (owner, leaseMs) => createMemoryDataFlowLeases(leases, owner, leaseMs),
  };
}
