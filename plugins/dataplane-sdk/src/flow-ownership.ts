/**
 * The work of a data plane's STARTED flows (a push, a copy) in exactly one of the replicas that
 * share its store, also after a restart or a crash: each flow's work runs in the replica holding
 * its lease. Every `leaseMs / 3` each replica reconciles what it runs with the store:
 *
 * - it stops what is no longer STARTED (a suspend or terminate handled by another replica) and
 *   restarts what has a new token generation (a resume handled elsewhere while it held the lease);
 * - it renews its leases, and stops what another replica took over (it was stuck past its lease);
 * - it takes the STARTED flows nobody holds (a restart: the leases a stopped replica gave up; a
 *   crash: the leases its replica let expire) and runs them.
 *
 * A replica that cannot renew for `leaseMs` (its database is gone) stops everything: another one
 * may hold the leases by now. Work a replica starts itself (a start or resume it handled) is
 * claimed the same way once the flow is stored STARTED, so whoever comes first runs it.
 * A suspend handled on one replica while another replica is between listing and taking a flow
 * may let that one run the flow until its next reconcile.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@tdss/sdk';
import type { DataFlow } from './data-flow.ts';
import type { DataFlowLeases } from './data-flow-leases.ts';
import { DATA_FLOW_PAGE, type DataFlowStore } from './data-flow-store.ts';

export interface FlowOwnershipOptions {
  /** A store with `leases` (the memory and SQL stores have them). */
  store: DataFlowStore;
  /** How long a lease lasts unless renewed: how long the flows of a crashed replica wait for another. */
  leaseMs: number;
  /** The STARTED flows that have work to run (e.g. push flows, not pull flows). */
  runs(flow: DataFlow): boolean;
  /** Starts the flow's work in the background. */
  start(flow: DataFlow): void;
  /** Stops the flow's work here (its state stays); resolves once nothing of it writes any more. */
  stop(flowId: string): void | Promise<void>;
  /** This replica's id in the leases; host, pid and a random part unless given. */
  owner?: string;
  logger?: Logger;
}

export interface FlowOwnership {
  readonly owner: string;
  /** Reconciles now and then every `leaseMs / 3`; resolves after the first reconcile. */
  open(): Promise<void>;
  /** One reconcile (see above); a reconcile already running is awaited instead. */
  reconcile(): Promise<void>;
  /** A start or resume this replica handled, once the flow is stored STARTED: runs it here unless another replica holds it. */
  claim(flow: DataFlow): Promise<void>;
  /**
   * The flow stops running (a suspend, terminate or completion handled here): forgotten here and
   * its lease removed whoever holds it. The caller stops its work as the message asks.
   */
  end(flowId: string): Promise<void>;
  /** The flows whose work runs here. */
  running(): string[];
  /** Stops the timer and the work here and gives the leases up, so other replicas take the flows at once. */
  close(): Promise<void>;
}

export function createFlowOwnership(options: FlowOwnershipOptions): FlowOwnership {
  const { store, leaseMs } = options;
  if (!store.leases) throw new Error('createFlowOwnership: the data flow store has no leases');
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leases: DataFlowLeases = store.leases(owner, leaseMs);
  // The flows running here, with the token generation they run for.
  const held = new Map<string, number>();
  let renewedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const run = (flow: DataFlow) => {
    held.set(flow.id, flow.tokenGeneration);
    options.start(flow);
  };
  const stopHere = async (flowId: string) => {
    held.delete(flowId);
    await options.stop(flowId);
  };

  const startedFlows = async () => {
    const found = new Map<string, DataFlow>();
    for (let offset = 0; ; ) {
      const page = await store.list({ state: 'STARTED', offset, limit: DATA_FLOW_PAGE.maxLimit });
      for (const flow of page.items) if (options.runs(flow)) found.set(flow.id, flow);
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) return found;
    }
  };

  const reconcileOnce = async () => {
    try {
      // Only what ran before the listing is judged by it: a flow claimed meanwhile is not in it.
      const listed = new Set(held.keys());
      const started = await startedFlows();
      for (const id of listed) {
        if (started.has(id) || !held.has(id)) continue;
        await stopHere(id);
        await leases.release(id);
      }
      const kept = await leases.renew([...held.keys()]);
      renewedAt = Date.now();
      for (const [id, generation] of [...held]) {
        if (!kept.has(id)) {
          options.logger?.warn({ dataFlow: id }, 'data plane: another replica took a flow over; its work stops here');
          await stopHere(id);
        } else if (started.has(id) && started.get(id)!.tokenGeneration !== generation) {
          await stopHere(id);
          run(started.get(id)!);
        }
      }
      for (const flow of started.values()) {
        if (closed) return;
        // Checked again after `await`: a claim may have taken it meanwhile.
        if (!held.has(flow.id) && (await leases.acquire(flow.id)) && !held.has(flow.id)) run(flow);
      }
    } catch (error) {
      options.logger?.warn({ err: error }, 'data plane: the flow leases could not be reconciled; the next round tries again');
      if (Date.now() - renewedAt > leaseMs) {
        options.logger?.warn({ flows: held.size }, 'data plane: the flow leases were not renewed for a lease time; the work stops here (another replica may hold them)');
        await Promise.all([...held.keys()].map(stopHere));
      }
    }
  };

  let reconciling: Promise<void> | undefined;
  const reconcile = () => {
    if (closed) return Promise.resolve();
    reconciling ??= reconcileOnce().finally(() => (reconciling = undefined));
    return reconciling;
  };

  return {
    owner,
    async open() {
      if (!timer && !closed) {
        timer = setInterval(() => void reconcile(), Math.max(1, Math.floor(leaseMs / 3)));
        timer.unref();
      }
      await reconcile();
    },
    reconcile,
    async claim(flow) {
      if (closed || held.has(flow.id)) return;
      // Checked again after `await`: the reconcile may have taken it meanwhile.
      if ((await leases.acquire(flow.id)) && !held.has(flow.id)) run(flow);
    },
    async end(flowId) {
      held.delete(flowId);
      await leases.drop(flowId);
    },
    running: () => [...held.keys()],
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await reconciling;
      const ids = [...held.keys()];
      await Promise.all(ids.map(stopHere));
      await Promise.all(ids.map((id) => leases.release(id).catch((error: unknown) => options.logger?.warn({ err: error, dataFlow: id }, 'data plane: a flow lease could not be given up; it expires'))));
    },
  };
}
