/**
 * One owner per flow among the replicas of a data plane that share a store: a lease per flow
 * (owner, expiry). A replica runs a flow's work (a push, a copy) only while it holds the lease,
 * renews it while it runs, and takes over a lease its owner let expire (a dead or stuck replica).
 * Taking and renewing are single conditional writes, so two replicas never both succeed. Expiry
 * is compared with each replica's own clock: clocks must agree to well within the lease time.
 */
export interface DataFlowLeases {
  /** This replica's owner id. */
  readonly owner: string;
  /** Takes the flow's lease if it is free, expired or already ours; whether we hold it now. */
  acquire(flowId: string): Promise<boolean>;
  /** The flows of `flowIds` whose lease we still hold, extended; the others were taken over. */
  renew(flowIds: readonly string[]): Promise<Set<string>>;
  /** Gives our lease up, so another replica takes the flow at once. */
  release(flowId: string): Promise<void>;
  /** Removes the flow's lease whoever holds it: the flow ended, nobody runs it any more. */
  drop(flowId: string): Promise<void>;
}

interface Lease {
  owner: string;
  expiresAt: number;
}

/** Leases in this process, shared by the owners created from one memory store. */
export function createMemoryDataFlowLeases(leases: Map<string, Lease>, owner: string, leaseMs: number): DataFlowLeases {
  const ours = (id: string) => leases.get(id)?.owner === owner;
  return {
    owner,
    async acquire(flowId) {
      const now = Date.now();
      const lease = leases.get(flowId);
      if (lease && lease.owner !== owner && lease.expiresAt >= now) return false;
      leases.set(flowId, { owner, expiresAt: now + leaseMs });
      return true;
    },
    async renew(flowIds) {
      const kept = flowIds.filter(ours);
      for (const id of kept) leases.set(id, { owner, expiresAt: Date.now() + leaseMs });
      return new Set(kept);
    },
    async release(flowId) {
      if (ours(flowId)) leases.delete(flowId);
    },
    async drop(flowId) {
      leases.delete(flowId);
    },
  };
}
