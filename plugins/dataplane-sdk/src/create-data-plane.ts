/**
 * A Data Plane Signaling data plane: the flow state machine of the spec, applied to a store, with
 * the plane's own work in handlers. What this module guarantees, so handlers need not:
 *
 * - every message is validated (400 problem naming the fields);
 * - a repeated message (same `messageId` as the last one applied to the flow) gets the answer the
 *   first copy got, and its handler does not run again;
 * - a message the flow's state does not allow is a 409 problem and changes nothing; one that asks
 *   for the state the flow is in already (suspend a suspended flow, terminate a terminated one) is
 *   answered 200 without running the handler;
 * - transitions are compare-and-set on the store, so two replicas cannot both apply one.
 *
 * A handler runs before the new state is written: after a crash between the two the control plane
 * sends again and the handler runs again, so handlers must be idempotent on the flow id. A handler
 * refuses with a ProblemError (4xx: the control plane gives up); any other error is a 500 and the
 * control plane retries.
 */
import { randomUUID } from 'node:crypto';
import { type Logger, ProblemError, problems } from '@tdss/sdk';
import type Router from '@koa/router';
import { createCallbackOutbox } from './callback-outbox.ts';
import type { CallbackReceiver, CallbackRetry, ControlPlaneEvent } from './control-plane-client.ts';
import { type DataFlow, type FlowRole, isFinalState, type StoredResponse } from './data-flow.ts';
import { createMemoryDataFlowStore, type DataFlowStore } from './data-flow-store.ts';
import { createDataPlaneRouter } from './data-plane-router.ts';
import type {
  ControlPlaneRegistrationMessage,
  DataAddress,
  DataFlowPrepareMessage,
  DataFlowResumeMessage,
  DataFlowStartedNotificationMessage,
  DataFlowStartMessage,
  DataFlowState,
  DataFlowStatusMessage,
  DataFlowStatusResponseMessage,
  DataFlowSuspendMessage,
  DataFlowTerminateMessage,
} from './messages.ts';
import { authorizationToken } from './signaling-auth.ts';
import { validateMessage } from './validate-message.ts';

export interface TransferType {
  /** The profile (DSP `format`), e.g. `HttpData-PULL`. */
  profile: string;
  /** PULL: the provider's start answers the address to pull from; PUSH: start carries the consumer's destination. */
  flow: 'PULL' | 'PUSH';
}

/** What a handler of prepare, start or resume answers. */
export interface FlowOutcome {
  /** Pull (start, resume): where the consumer fetches the data. Push (prepare): where the provider sends it. */
  dataAddress?: DataAddress;
  /** The work goes on after the answer (202, PREPARING/STARTING); call `prepared`/`started` once it is done. */
  pending?: boolean;
  /** Runs once the new state is stored: work whose end moves the flow again (a push that completes it). */
  afterSave?: () => void;
}

export interface DataPlaneHandlers {
  /** Consumer: get ready to receive (push) or to pull. */
  onPrepare?(flow: DataFlow, message: DataFlowPrepareMessage): Promise<FlowOutcome | void>;
  /** Provider: start sending (push) or open the endpoint (pull) for `flow.tokenGeneration`. */
  onStart?(flow: DataFlow, message: DataFlowStartMessage): Promise<FlowOutcome | void>;
  /** Consumer: the provider started; pull from `flow.dataAddress`. */
  onStarted?(flow: DataFlow, message: DataFlowStartedNotificationMessage): Promise<void>;
  onSuspend?(flow: DataFlow, message: DataFlowSuspendMessage): Promise<void>;
  /** Like start after a suspension; `flow.tokenGeneration` is new, so a pull address must be fresh. */
  onResume?(flow: DataFlow, message: DataFlowResumeMessage): Promise<FlowOutcome | void>;
  onTerminate?(flow: DataFlow, message: DataFlowTerminateMessage): Promise<void>;
  onCompleted?(flow: DataFlow): Promise<void>;
}

export interface DataPlaneOptions extends DataPlaneHandlers {
  /** The data plane id, as registered with control planes. */
  id: string;
  transferTypes: readonly TransferType[];
  /** In-memory unless given (see createSqlDataFlowStore). */
  store?: DataFlowStore;
  /**
   * Where callbacks go until a control plane registers itself (PUT /controlplanes). A registration
   * whose `authorization` is `{ type: 'bearer', token }` has its callbacks sent with that token.
   */
  controlPlane?: ControlPlaneRegistrationMessage;
  /**
   * When set, every request to `router` must carry `Authorization: Bearer <signalingToken>` (401
   * otherwise): register the data plane with control planes with `authorization: { type: 'bearer',
   * token }`. Calls to `signaling` in the same process need none.
   */
  signalingToken?: string;
  /** Callbacks are kept in the flow's outbox until the control plane took them; `attempts` unlimited unless given. */
  callbackRetry?: CallbackRetry;
  /**
   * How often this data plane looks for callbacks due again (failed, or left by a stopped replica);
   * 0 (unless given): only when `sweepCallbacks()` is called. In a TDSS runtime the control plane
   * sweeps its in-process data planes; a data plane served on its own sets it and calls `close()`.
   */
  callbackSweepMs?: number;
  logger?: Logger;
}

/** A DPS answer: status 200 or 202 and its body. */
export interface SignalingResponse<T> {
  status: number;
  body: T;
}

/**
 * The data plane API of the spec as calls; the router serves it over HTTP, a control plane in the
 * same process may call it directly. Refusals are ProblemErrors with the HTTP status.
 */
export interface DataPlaneSignaling {
  prepare(message: unknown): Promise<SignalingResponse<DataFlowStatusMessage>>;
  start(message: unknown): Promise<SignalingResponse<DataFlowStatusMessage>>;
  started(id: string, message: unknown): Promise<SignalingResponse<DataFlowStatusMessage>>;
  suspend(id: string, message: unknown): Promise<SignalingResponse<DataFlowStatusMessage>>;
  resume(id: string, message: unknown): Promise<SignalingResponse<DataFlowStatusMessage>>;
  terminate(id: string, message: unknown): Promise<SignalingResponse<DataFlowStatusMessage>>;
  /** The spec's body is empty; a `messageId` makes a repeat recognisable. */
  completed(id: string, message?: unknown): Promise<SignalingResponse<DataFlowStatusMessage>>;
  status(id: string): Promise<DataFlowStatusResponseMessage>;
  registerControlPlane(message: unknown): Promise<void>;
  /** False when it was not registered. */
  deleteControlPlane(id: string): Promise<boolean>;
}

export interface DataPlane {
  readonly id: string;
  readonly transferTypes: readonly TransferType[];
  readonly signaling: DataPlaneSignaling;
  /** The DPS data plane API (`/dataflows/*`, `/controlplanes`); mount it where the control plane reaches it. */
  readonly router: Router;
  /** The flow as stored, undefined when unknown. */
  flow(id: string): Promise<DataFlow | undefined>;
  /** An asynchronous prepare is done: PREPARED, and the control plane is told. */
  prepared(id: string, dataAddress?: DataAddress): Promise<void>;
  /** An asynchronous start (or, consumer side, the wire protocol) is running: STARTED, and the control plane is told. */
  started(id: string, dataAddress?: DataAddress): Promise<void>;
  /** The data plane finished sending (push) or receiving: COMPLETED, and the control plane is told. */
  completed(id: string): Promise<void>;
  /** A non-recoverable wire protocol error: the control plane is told (the flow's state stays, as the spec says). */
  errored(id: string, error: string): Promise<void>;
  /**
   * A control plane in the same process takes the callbacks directly from now on, instead of a
   * registered endpoint (no HTTP hop, and it works where the runtime opens no port).
   */
  attachControlPlane(receiver: CallbackReceiver): void;
  /** Sends the callbacks that are due (failed before, or left by a stopped replica); a control plane in the same process calls it periodically. */
  sweepCallbacks?(): Promise<void>;
  /** Stops the `callbackSweepMs` timer and waits for callbacks in flight (call it before the store closes; nothing pending is lost). */
  close?(): Promise<void>;
}

interface Transition<M> {
  /** States the message may arrive in. */
  from: readonly DataFlowState[];
  /** States in which it changes nothing (asked for what is so already). */
  already: readonly DataFlowState[];
  to: DataFlowState;
  run?: (flow: DataFlow, message: M) => Promise<FlowOutcome | void>;
  /** Pull tokens handed out before stop working. */
  newTokens?: boolean;
  /** What the flow keeps of the message besides its state. */
  changes?: (message: M) => Partial<DataFlow>;
}

const ANY_LIVE: readonly DataFlowState[] = ['INITIALIZED', 'PREPARING', 'PREPARED', 'STARTING', 'STARTED', 'SUSPENDED'];

export function createDataPlane(options: DataPlaneOptions): DataPlane {
  const store = options.store ?? createMemoryDataFlowStore();
  const types = new Map(options.transferTypes.map((type) => [type.profile, type]));
  // Kept in the store, so a restarted data plane still knows where callbacks go.
  const controlPlanes = store.controlPlanes ?? createMemoryDataFlowStore().controlPlanes!;
  let attached: CallbackReceiver | undefined;

  // Messages for one flow are applied one at a time in this process; the store's version check covers replicas.
  const queues = new Map<string, Promise<unknown>>();
  const serialized = <T>(id: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(id) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    queues.set(id, tail);
    void tail.then(() => {
      if (queues.get(id) === tail) queues.delete(id);
    });
    return run;
  };

  const statusMessage = (flow: DataFlow, dataAddress?: DataAddress): DataFlowStatusMessage => ({
    messageId: randomUUID(),
    dataFlowId: flow.id,
    state: flow.state,
    ...(dataAddress ? { dataAddress } : {}),
  });

  const load = async (id: string): Promise<DataFlow> => {
    const flow = await store.get(id);
    if (!flow) throw problems.notFound(`data flow ${JSON.stringify(id)} does not exist`);
    return flow;
  };

  const save = async (flow: DataFlow) => {
    if (!(await store.update({ ...flow, updatedAt: new Date() }))) throw problems.conflict(`data flow ${flow.id} changed while this message was applied; send it again`);
  };

  const replay = (flow: DataFlow, messageId: string): SignalingResponse<DataFlowStatusMessage> | undefined => {
    if (flow.lastMessageId !== messageId || !flow.lastResponse) return undefined;
    const stored = flow.lastResponse;
    if (stored.status >= 400) throw new ProblemError(stored.status, String((stored.body as { detail?: unknown } | null)?.detail ?? 'refused before'), { type: 'data-flow-refused' });
    return { status: stored.status, body: stored.body as DataFlowStatusMessage };
  };

  const transition = <M extends { messageId: string }>(id: string, message: M, rule: Transition<M>, verb: string) =>
    serialized(id, async (): Promise<SignalingResponse<DataFlowStatusMessage>> => {
      const flow = await load(id);
      const repeated = replay(flow, message.messageId);
      if (repeated) return repeated;
      if (rule.already.includes(flow.state)) return { status: 200, body: statusMessage(flow) };
      if (!rule.from.includes(flow.state)) throw new ProblemError(409, `data flow ${id} is ${flow.state}: it cannot be ${verb}`, { type: 'data-flow-state' });
      const next: DataFlow = { ...flow, ...rule.changes?.(message), tokenGeneration: flow.tokenGeneration + (rule.newTokens ? 1 : 0) };
      const outcome = (await rule.run?.(next, message)) ?? {};
      const settled = { ...next, state: rule.to };
      const response: StoredResponse = { status: 200, body: statusMessage(settled, outcome.dataAddress) };
      await save({ ...settled, lastMessageId: message.messageId, lastResponse: response });
      outcome.afterSave?.();
      return { status: 200, body: response.body as DataFlowStatusMessage };
    });

  /** prepare and start: the message creates the flow. */
  const create = <M extends DataFlowPrepareMessage>(message: M, role: FlowRole, run: ((flow: DataFlow, message: M) => Promise<FlowOutcome | void>) | undefined, done: DataFlowState, pending: DataFlowState, dataAddress: DataAddress | null) =>
    serialized(message.processId, async (): Promise<SignalingResponse<DataFlowStatusMessage>> => {
      const now = new Date();
      const fresh: DataFlow = {
        id: message.processId,
        role,
        state: 'INITIALIZED',
        profile: message.profile,
        participantId: message.participantId,
        counterPartyId: message.counterPartyId,
        dataspaceContext: message.dataspaceContext,
        agreementId: message.agreementId,
        datasetId: message.datasetId,
        claims: message.claims,
        labels: message.labels ?? [],
        metadata: message.metadata ?? {},
        dataAddress,
        tokenGeneration: 1,
        lastMessageId: message.messageId,
        lastResponse: null,
        reason: null,
        version: 0,
        createdAt: now,
        updatedAt: now,
      };
      let flow = fresh;
      if (!(await store.create(fresh))) {
        const existing = await load(message.processId);
        const repeated = replay(existing, message.messageId);
        if (repeated) return repeated;
        // A first copy that failed half-way (no answer stored) is taken up again.
        if (existing.state !== 'INITIALIZED' || existing.lastResponse) {
          throw new ProblemError(409, `a data flow for process ${message.processId} exists already (${existing.state})`, { type: 'data-flow-exists' });
        }
        flow = { ...existing, lastMessageId: message.messageId };
      }
      let outcome: FlowOutcome;
      try {
        outcome = (await run?.(flow, message)) ?? {};
      } catch (error) {
        if (error instanceof ProblemError && error.status < 500) {
          // The refusal is final: a repeat of the message gets it again, another start a 409.
          await save({ ...flow, state: 'TERMINATED', reason: error.message, lastResponse: { status: error.status, body: { detail: error.message } } });
        }
        throw error;
      }
      const state = outcome.pending ? pending : done;
      const settled = { ...flow, state, dataAddress: role === 'CONSUMER' && outcome.dataAddress ? outcome.dataAddress : flow.dataAddress };
      const response: StoredResponse = { status: outcome.pending ? 202 : 200, body: statusMessage(settled, outcome.dataAddress) };
      await save({ ...settled, lastResponse: response });
      outcome.afterSave?.();
      return { status: response.status, body: response.body as DataFlowStatusMessage };
    });

  const controlPlane = async () => {
    if (attached) return { target: attached };
    const latest = (await controlPlanes.list()).at(-1) ?? options.controlPlane;
    if (!latest) return undefined;
    const token = authorizationToken(latest.authorization);
    return { target: latest.endpoint, ...(token ? { token } : {}) };
  };
  const outbox = createCallbackOutbox({
    store,
    serialized,
    target: controlPlane,
    ...(options.callbackRetry ? { retry: options.callbackRetry } : {}),
    sweepMs: options.callbackSweepMs ?? 0,
    ...(options.logger ? { logger: options.logger } : {}),
  });

  /** The flow with the callback in its outbox, and what sends it once the flow is saved. */
  const withCallback = (flow: DataFlow, event: ControlPlaneEvent, extra: { dataAddress?: DataAddress; error?: string } = {}) => {
    const message = { ...statusMessage(flow, extra.dataAddress), ...(extra.error ? { error: extra.error } : {}) };
    const { flow: written, callback } = outbox.add(flow, event, message);
    return { flow: written, send: () => outbox.send(flow.id, callback) };
  };

  /** A move the data plane makes itself (not a control plane message). */
  const move = (id: string, from: readonly DataFlowState[], to: DataFlowState, event: ControlPlaneEvent, changes: Partial<DataFlow> = {}, dataAddress?: DataAddress) =>
    serialized(id, async () => {
      const flow = await load(id);
      if (flow.state === to) return undefined;
      if (!from.includes(flow.state)) throw new ProblemError(409, `data flow ${id} is ${flow.state}: it cannot become ${to}`, { type: 'data-flow-state' });
      const settled = { ...flow, ...changes, state: to };
      // An asynchronous prepare or start answered 202: a repeat of that message now gets the outcome.
      const answered = flow.lastResponse?.status === 202 ? { lastResponse: { status: 200, body: statusMessage(settled, dataAddress) } } : {};
      // The callback is written with the state it reports: a crash after the save loses neither.
      const told = withCallback({ ...settled, ...answered }, event, dataAddress ? { dataAddress } : {});
      await save(told.flow);
      return told.send;
    }).then((send) => send?.());

  const checkType = (profile: string) => {
    const type = types.get(profile);
    if (!type) throw problems.badRequest(`profile: ${JSON.stringify(profile)} is not served by data plane ${options.id}; it serves ${[...types.keys()].join(', ')}`);
    return type;
  };

  const signaling: DataPlaneSignaling = {
    async prepare(body) {
      const message = validateMessage('DataFlowPrepareMessage', body);
      checkType(message.profile);
      return create(message, 'CONSUMER', options.onPrepare, 'PREPARED', 'PREPARING', null);
    },
    async start(body) {
      const message = validateMessage('DataFlowStartMessage', body);
      const type = checkType(message.profile);
      if (type.flow === 'PULL' && message.dataAddress) throw problems.badRequest(`dataAddress: ${message.profile} is a pull profile; a start message for it carries no data address`);
      if (type.flow === 'PUSH' && !message.dataAddress) throw problems.badRequest(`dataAddress: required for the push profile ${message.profile}`);
      return create(message, 'PROVIDER', options.onStart, 'STARTED', 'STARTING', message.dataAddress ?? null);
    },
    started: async (id, body) => {
      const message = validateMessage('DataFlowStartedNotificationMessage', body);
      return transition(id, message, {
        from: ['PREPARED', 'PREPARING', 'STARTING', 'INITIALIZED'],
        already: ['STARTED'],
        to: 'STARTED',
        changes: (m) => (m.dataAddress ? { dataAddress: m.dataAddress } : {}),
        run: async (flow, m) => void (await options.onStarted?.(flow, m)),
      }, 'started');
    },
    suspend: async (id, body) => {
      const message = validateMessage('DataFlowSuspendMessage', body);
      return transition(id, message, { from: ['STARTED'], already: ['SUSPENDED'], to: 'SUSPENDED', newTokens: true, changes: (m) => ({ reason: m.reason ?? null }), run: async (flow, m) => void (await options.onSuspend?.(flow, m)) }, 'suspended');
    },
    resume: async (id, body) => {
      const message = validateMessage('DataFlowResumeMessage', body);
      return transition(id, message, {
        from: ['SUSPENDED'],
        already: [],
        to: 'STARTED',
        newTokens: true,
        changes: (m) => ({ reason: null, ...(m.dataAddress ? { dataAddress: m.dataAddress } : {}) }),
        ...(options.onResume ? { run: options.onResume } : {}),
      }, 'resumed');
    },
    terminate: async (id, body) => {
      const message = validateMessage('DataFlowTerminateMessage', body);
      return transition(id, message, { from: ANY_LIVE, already: ['TERMINATED'], to: 'TERMINATED', newTokens: true, changes: (m) => ({ reason: m.reason ?? null }), run: async (flow, m) => void (await options.onTerminate?.(flow, m)) }, 'terminated');
    },
    completed: async (id, body) => {
      const messageId = typeof (body as { messageId?: unknown } | undefined)?.messageId === 'string' ? (body as { messageId: string }).messageId : `completed:${id}`;
      return transition(id, { messageId }, { from: ['STARTED', 'SUSPENDED'], already: ['COMPLETED'], to: 'COMPLETED', newTokens: true, run: async (flow) => void (await options.onCompleted?.(flow)) }, 'completed');
    },
    async status(id) {
      const flow = await load(id);
      return { dataFlowId: flow.id, state: flow.state };
    },
    async registerControlPlane(body) {
      const message = validateMessage('ControlPlaneRegistrationMessage', body);
      // Replace semantics: the latest registration is where callbacks go.
      await controlPlanes.save(message);
      void outbox.sweep();
    },
    async deleteControlPlane(id) {
      return controlPlanes.delete(id);
    },
  };

  return {
    id: options.id,
    transferTypes: options.transferTypes,
    signaling,
    router: createDataPlaneRouter(signaling, options.signalingToken ? { token: options.signalingToken } : {}),
    flow: (id) => store.get(id),
    prepared: (id, dataAddress) => move(id, ['PREPARING'], 'PREPARED', 'prepared', dataAddress ? { dataAddress } : {}, dataAddress),
    started: (id, dataAddress) => move(id, ['STARTING', 'PREPARED'], 'STARTED', 'started', {}, dataAddress),
    completed: (id) => move(id, ['STARTED'], 'COMPLETED', 'completed'),
    async errored(id, error) {
      const send = await serialized(id, async () => {
        const flow = await load(id);
        if (isFinalState(flow.state)) return undefined;
        const told = withCallback(flow, 'errored', { error });
        await save(told.flow);
        return told.send;
      });
      await send?.();
    },
    attachControlPlane(receiver) {
      attached = receiver;
      // Callbacks that waited for a control plane (or were left by a run before a restart) go now.
      void outbox.sweep();
    },
    sweepCallbacks: () => outbox.sweep(),
    close: () => outbox.close(),
  };
}
