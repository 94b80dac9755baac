/**
 * The data plane's callbacks to its control plane as an outbox kept with each flow: a callback is
 * written in the same update as the state it reports, sent at once, and removed once the control
 * plane took it. One that failed stays with its next attempt's time; a sweep (every `sweepMs`, on
 * every replica, and after a restart) sends what is due. A sender leases a callback by moving its
 * time ahead with the flow's compare-and-set, so replicas do not send it together; a copy may still
 * arrive twice (a crash after the send), which the control plane answers as a repeat (same messageId).
 */
import type { Logger } from '@tdss/sdk';
import { CallbackRefusedError, type CallbackReceiver, type CallbackRetry, type ControlPlaneEvent, createControlPlaneCallbacks } from './control-plane-client.ts';
import type { DataFlow, PendingCallback } from './data-flow.ts';
import type { DataFlowStore } from './data-flow-store.ts';
import type { DataFlowStatusMessage } from './messages.ts';

export interface CallbackOutboxOptions {
  store: DataFlowStore;
  /** Runs work on one flow after the work queued before it in this process. */
  serialized: <T>(id: string, work: () => Promise<T>) => Promise<T>;
  /** Where callbacks go now, and the bearer token for an endpoint; undefined while no control plane is known (they wait). */
  target: () => Promise<{ target: string | CallbackReceiver; token?: string } | undefined>;
  /** `attempts`: give up after that many (never unless given); back-off from `baseDelayMs` doubled up to `maxDelayMs`. */
  retry?: CallbackRetry;
  /** How often due callbacks are looked for; 0: only when `sweep()` is called. */
  sweepMs: number;
  logger?: Logger;
}

export interface CallbackOutbox {
  /** The flow with the callback added, leased by this process: save it, then `send` the callback. */
  add(flow: DataFlow, event: ControlPlaneEvent, message: DataFlowStatusMessage): { flow: DataFlow; callback: PendingCallback };
  /** Sends one callback now (in the background of its caller) and settles it in the store. */
  send(id: string, callback: PendingCallback): Promise<void>;
  /** Sends every due callback (leased first); resolves once they were tried. */
  sweep(): Promise<void>;
  /** Stops the timer and resolves once the sweep and sends in flight are done (they write to the store). */
  close(): Promise<void>;
}

/** Flows read per sweep; the rest wait for the next one. */
const SWEEP_BATCH = 100;
/** A compare-and-set lost to another writer is tried again this often before the next sweep takes over. */
const SETTLE_TRIES = 5;

export function createCallbackOutbox(options: CallbackOutboxOptions): CallbackOutbox {
  const { store, serialized } = options;
  const attempts = options.retry?.attempts ?? Number.POSITIVE_INFINITY;
  const baseDelayMs = options.retry?.baseDelayMs ?? 200;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const timeoutMs = options.retry?.timeoutMs ?? 10_000;
  // Long enough for one attempt: a sender that crashes mid-send lets another take over after it.
  const leaseMs = timeoutMs + 5_000;
  const client = createControlPlaneCallbacks({ retry: { attempts: 1, timeoutMs } });
  // Flows this process wrote a callback for: what a store without `due` is swept by.
  const written = new Set<string>();
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  // Work that still writes to the store: `close` waits for it, so the store may be closed after.
  const inFlight = new Set<Promise<unknown>>();
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };
  let closed = false;

  /** Applies `change` to the flow's outbox with the flow's compare-and-set, tried again when another writer came first. */
  const edit = (id: string, change: (callbacks: PendingCallback[]) => PendingCallback[] | undefined) =>
    serialized(id, async () => {
      for (let attempt = 0; attempt < SETTLE_TRIES; attempt++) {
        const flow = await store.get(id);
        if (!flow) return false;
        const callbacks = change(flow.callbacks ?? []);
        if (!callbacks) return false;
        if (await store.update({ ...flow, callbacks })) {
          if (callbacks.length === 0) written.delete(id);
          return true;
        }
      }
      return false;
    });

  const others = (callbacks: PendingCallback[], callback: PendingCallback) => callbacks.filter((c) => c.message.messageId !== callback.message.messageId);
  const holds = (callbacks: PendingCallback[], callback: PendingCallback) => callbacks.some((c) => c.message.messageId === callback.message.messageId);

  const send = async (id: string, callback: PendingCallback): Promise<void> => {
    const to = await options.target();
    // Nobody to tell yet: it waits in the outbox; the sweep after a registration sends it.
    if (!to) {
      options.logger?.warn({ dataFlow: id, event: callback.event }, 'data plane: no control plane is registered to tell; the callback waits');
      return;
    }
    try {
      await client.send(to.target, callback.event, id, callback.message, to.token);
      await edit(id, (callbacks) => (holds(callbacks, callback) ? others(callbacks, callback) : undefined));
    } catch (error) {
      const tried = callback.attempts + 1;
      if (error instanceof CallbackRefusedError || tried >= attempts) {
        options.logger?.warn({ err: error, event: callback.event, dataFlow: id, attempts: tried }, 'data plane: the control plane did not take a callback; it is dropped');
        await edit(id, (callbacks) => (holds(callbacks, callback) ? others(callbacks, callback) : undefined));
        return;
      }
      const retried = { ...callback, attempts: tried, dueAt: at(Math.min(maxDelayMs, baseDelayMs * 2 ** (tried - 1))) };
      await edit(id, (callbacks) => (holds(callbacks, callback) ? callbacks.map((c) => (c.message.messageId === callback.message.messageId ? retried : c)) : undefined));
    }
  };

  /** Leases the flow's due callbacks and sends them in order (a completion after the start it follows). */
  const sendDue = async (flow: DataFlow, now: number) => {
    const due = (flow.callbacks ?? []).filter((c) => Date.parse(c.dueAt) <= now);
    if (due.length === 0) return;
    const lease = at(leaseMs);
    const leased = await serialized(flow.id, () => store.update({ ...flow, callbacks: (flow.callbacks ?? []).map((c) => (due.includes(c) ? { ...c, dueAt: lease } : c)) }));
    // Another replica (or a message) wrote the flow since it was read: the next sweep sees it again.
    if (!leased) return;
    for (const callback of due) await send(flow.id, { ...callback, dueAt: lease });
  };

  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    if (closed) return Promise.resolve();
    sweeping ??= tracked((async () => {
      try {
        if (!(await options.target())) return;
        const now = Date.now();
        const flows = store.due ? await store.due(new Date(now), SWEEP_BATCH) : (await Promise.all([...written].map((id) => store.get(id)))).filter((flow) => flow !== undefined);
        await Promise.all(flows.map((flow) => sendDue(flow, now)));
      } catch (error) {
        options.logger?.warn({ err: error }, 'data plane: the callback sweep failed; the next one tries again');
      } finally {
        sweeping = undefined;
      }
    })());
    return sweeping;
  };

  const timer = options.sweepMs > 0 ? setInterval(() => void sweep(), options.sweepMs) : undefined;
  // The sweep must not keep a process alive that has nothing else to do.
  timer?.unref();

  return {
    add(flow, event, message) {
      const callback: PendingCallback = { event, message, attempts: 0, dueAt: at(leaseMs) };
      written.add(flow.id);
      return { flow: { ...flow, callbacks: [...(flow.callbacks ?? []), callback] }, callback };
    },
    send: (id, callback) => tracked(send(id, callback).catch((error: unknown) => options.logger?.warn({ err: error, dataFlow: id }, 'data plane: a callback could not be settled; the sweep sends it again'))),
    sweep,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
