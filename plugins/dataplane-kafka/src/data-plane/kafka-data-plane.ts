/**
 * The Kafka data plane: the DPS flow state machine of @tdss/dataplane-sdk with a relay per started
 * push flow. Start and resume run the flow's relay (source: the provider's topic; destination: the
 * consumer's, from the start or resume message), suspend stops it after it committed what it
 * delivered, terminate and completion stop it and delete the flow's position on the provider's
 * cluster, so a terminated flow can never continue. A pull flow has no relay: start and resume
 * grant the consumer scoped access to the provider's broker and answer its address, suspend,
 * terminate and completion revoke it (PullAccess).
 *
 * Handlers are idempotent on the flow id, as the SDK asks: a repeated start finds the relay
 * running; a relay started again (after a crash of this process) continues from the flow's
 * committed offsets.
 */
import { createDataPlane, DATA_FLOW_PAGE, type DataFlow, type DataFlowLeases, type DataFlowStore, type DataPlane, type ControlPlaneRegistrationMessage } from '@tdss/dataplane-sdk';
import { type Logger, ProblemError } from '@tdss/sdk';
import { destinationAddress } from '../address/destination-address.ts';
import type { KafkaSource } from '../address/source-address.ts';
import type { PullAccess } from '../pull/pull-access.ts';
import { deleteFlowGroup } from '../relay/delete-flow-group.ts';
import { startKafkaRelay, type KafkaRelay, type RelayOptions } from '../relay/kafka-relay.ts';

/** The transfer profiles (DSP format) this data plane serves. */
export const KAFKA_PUSH = 'Kafka-PUSH';
export const KAFKA_PULL = 'Kafka-PULL';

export interface KafkaDataPlaneOptions {
  /** The data plane id, as registered with control planes. */
  readonly id: string;
  /** The transfer profile (DSP format) of the relay; default Kafka-PUSH. */
  readonly profile?: string;
  /** Consumer pull with scoped credentials on the provider's broker, under `profile` (default Kafka-PULL); not offered without it. */
  readonly pull?: { readonly profile?: string; readonly access: PullAccess };
  /** The provider's source of a flow: its asset's topic and credentials. A ProblemError (4xx) refuses the flow. */
  resolveSource(flow: DataFlow): Promise<KafkaSource>;
  readonly store?: DataFlowStore;
  readonly relay?: RelayOptions;
  /** Failed relay sessions in a row after which the control plane is told (`errored`: it terminates the transfer); default 5. */
  readonly maxRelayFailures?: number;
  /**
   * How often each running relay reads its flow from the store; default 5 s. A suspend, resume or
   * terminate applied by another replica of the data plane (a shared SQL store) stops it within that.
   */
  readonly watchIntervalMs?: number;
  /**
   * Replicas on one store: a flow relays only where its lease (`store.leases(owner, leaseMs)`) is
   * held. Every third of `leaseMs` the leases of the running relays are renewed — a relay whose
   * lease another replica took stops — and the STARTED flows whose lease is free, expired or this
   * replica's are taken and relayed here. Needs `store` with leases. Without it, this process
   * relays every flow it starts or recovers.
   */
  readonly ownership?: { readonly owner: string; readonly leaseMs: number };
  readonly controlPlane?: ControlPlaneRegistrationMessage;
  readonly logger?: Logger;
}

export interface KafkaDataPlane {
  readonly dataPlane: DataPlane;
  /** Runs the relays of these flows again if they are STARTED (after this process restarted). */
  recover(flowIds: readonly string[]): Promise<void>;
  /** With `ownership`: renews the leases of the relays here and relays the STARTED flows nobody else holds (also run every third of the lease time). */
  claim(): Promise<void>;
  /** Flows whose relay runs in this process. */
  relaying(): string[];
  /** Stops every relay, committing what it delivered; the flows stay STARTED, for recover(). */
  close(): Promise<void>;
}

export function createKafkaDataPlane(options: KafkaDataPlaneOptions): KafkaDataPlane {
  /** The running relays (undefined: another replica holds the flow's lease), with the flow's token generation they were started for. */
  const relays = new Map<string, Promise<KafkaRelay | undefined>>();
  const store = options.store;
  if (options.ownership && !store?.leases) throw new Error('createKafkaDataPlane: ownership needs a store with leases');
  const leases = options.ownership ? store!.leases!(options.ownership.owner, options.ownership.leaseMs) : undefined;
  const generations = new Map<string, number>();
  const relayOptions: RelayOptions = { ...options.relay, ...(options.logger ? { logger: options.logger } : {}) };
  const pull = options.pull;
  const pullProfile = pull?.profile ?? KAFKA_PULL;
  const isPull = (flow: DataFlow) => pull !== undefined && flow.profile === pullProfile;

  const run = async (flow: DataFlow): Promise<void> => {
    const running = relays.get(flow.id);
    if (running) {
      await running;
      return;
    }
    const destination = destinationAddress(flow.dataAddress);
    const onFailure = (error: unknown, consecutive: number) => {
      if (consecutive !== (options.maxRelayFailures ?? 5)) return;
      const reason = `kafka relay failed ${consecutive} times in a row: ${error instanceof Error ? error.message : String(error)}`;
      void dataPlane.errored(flow.id, reason).catch((cause: unknown) => options.logger?.error({ flowId: flow.id, err: cause }, 'kafka data plane: the control plane could not be told of a failing relay'));
    };
    const starting = (async () => {
      // Another replica relays the flow: this one answers the message and leaves the relay there.
      if (leases && !(await leases.acquire(flow.id))) return undefined;
      const source = await options.resolveSource(flow);
      return startKafkaRelay({ flowId: flow.id, source: source.address, destination, startFrom: source.startFrom }, { ...relayOptions, onFailure });
    })();
    relays.set(flow.id, starting);
    generations.set(flow.id, flow.tokenGeneration);
    const forgetStart = () => {
      if (relays.get(flow.id) !== starting) return;
      relays.delete(flow.id);
      generations.delete(flow.id);
    };
    try {
      if (!(await starting)) forgetStart();
    } catch (error) {
      forgetStart();
      await leases?.release(flow.id).catch(() => undefined);
      throw error;
    }
  };

  const halt = async (flowId: string): Promise<void> => {
    const running = relays.get(flowId);
    if (!running) return;
    relays.delete(flowId);
    generations.delete(flowId);
    await (await running.catch(() => undefined))?.stop();
    // Only if still ours: the next owner need not wait for the lease to expire.
    await leases?.release(flowId).catch((error: unknown) => options.logger?.warn({ flowId, err: error }, 'kafka data plane: could not release a flow\'s lease'));
  };

  const forget = async (flow: DataFlow): Promise<void> => {
    await halt(flow.id);
    // The position lives on the provider's cluster; without it the flow could not continue.
    const source = await options.resolveSource(flow).catch(() => undefined);
    if (source) await deleteFlowGroup(source.address, flow.id, options.relay?.clientId);
  };

  // Pull: the broker enforces the access, so the handlers grant and revoke and nothing runs here.
  const openPull = async (flow: DataFlow) => ({ dataAddress: await pull!.access.open(flow, await options.resolveSource(flow)) });
  const closePull = async (flow: DataFlow) => pull!.access.close(flow, await options.resolveSource(flow));
  // Terminate and completion end the flow even when its source no longer resolves (its asset's
  // secret deleted): refused, the flow would stay STARTED and its refresh tokens would keep renewing.
  // Ended, no token is issued for it again and those handed out expire; its ACLs, which only the
  // source's credentials could delete, are left on the broker. A transient failure (5xx) is retried.
  const endPull = async (flow: DataFlow) => {
    const source = await options.resolveSource(flow).catch((error: unknown) => {
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      options.logger?.warn({ flowId: flow.id, err: error }, 'kafka data plane: a pull flow ends although its source no longer resolves; the ACLs of its principals stay on the broker');
      return undefined;
    });
    if (source) await pull!.access.close(flow, source);
  };

  const dataPlane = createDataPlane({
    id: options.id,
    transferTypes: [{ profile: options.profile ?? KAFKA_PUSH, flow: 'PUSH' }, ...(pull ? [{ profile: pullProfile, flow: 'PULL' as const }] : [])],
    ...(options.store ? { store: options.store } : {}),
    ...(options.controlPlane ? { controlPlane: options.controlPlane } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    onStart: async (flow) => (isPull(flow) ? openPull(flow) : run(flow)),
    onSuspend: async (flow) => (isPull(flow) ? closePull(flow) : halt(flow.id)),
    // A resume message may carry a new destination; the flow holds the one to use.
    onResume: async (flow) => {
      if (isPull(flow)) return openPull(flow);
      await halt(flow.id);
      await run(flow);
    },
    onTerminate: async (flow) => (isPull(flow) ? endPull(flow) : forget(flow)),
    onCompleted: async (flow) => (isPull(flow) ? endPull(flow) : forget(flow)),
  });

  // Every message the SDK applies (suspend, resume, terminate, completion) raises the flow's token
  // generation, and a handler runs before its new state is stored: so a stored generation above the
  // relay's means another replica applied a later message, whereas the state alone could still be
  // the one before this replica's own start or resume.
  const watch = setInterval(() => {
    for (const [id, generation] of generations) {
      void dataPlane
        .flow(id)
        .then(async (flow) => {
          if (flow && flow.tokenGeneration > generation && generations.get(id) === generation) {
            options.logger?.info({ flowId: id, state: flow.state }, 'kafka data plane: the flow moved on elsewhere; its relay here stops');
            await halt(id);
          }
        })
        .catch((error: unknown) => options.logger?.warn({ flowId: id, err: error }, 'kafka data plane: could not read the flow to watch it'));
    }
  }, options.watchIntervalMs ?? 5_000);
  watch.unref();

  const recoverFlow = async (flow: DataFlow | undefined) => {
    // A started pull flow needs nothing here: its access lives on the broker.
    if (flow?.state !== 'STARTED' || isPull(flow) || relays.has(flow.id)) return;
    try {
      await run(flow);
    } catch (error) {
      options.logger?.error({ flowId: flow.id, err: error }, 'kafka data plane: a started flow\'s relay could not be started again');
    }
  };
  const recover = async (flowIds: readonly string[]) => {
    for (const id of flowIds) await recoverFlow(await dataPlane.flow(id));
  };

  let claiming: Promise<void> | undefined;
  let renewedAt = Date.now();
  const claimPass = async (leases: DataFlowLeases, flows: DataFlowStore) => {
    const held = [...relays.keys()];
    const renewed = await leases.renew(held);
    renewedAt = Date.now();
    for (const id of held) {
      if (renewed.has(id) || !relays.has(id)) continue;
      options.logger?.warn({ flowId: id }, 'kafka data plane: another replica took the flow\'s lease; its relay here stops');
      await halt(id);
    }
    // Each start takes the lease if it is free, expired or ours: a flow another replica holds stays there.
    // Offset pages may skip a flow that changes state meanwhile: the next pass (every third of the lease time) finds it.
    for (let offset = 0; ; offset += DATA_FLOW_PAGE.maxLimit) {
      const page = await flows.list({ state: 'STARTED', offset, limit: DATA_FLOW_PAGE.maxLimit });
      for (const flow of page.items) await recoverFlow(flow);
      if (page.items.length < DATA_FLOW_PAGE.maxLimit) break;
    }
  };
  const claim = async () => {
    if (!leases) return;
    // One pass at a time: a slow database must not pile passes up.
    claiming ??= claimPass(leases, store!).finally(() => (claiming = undefined));
    await claiming;
  };
  const ownership = options.ownership;
  const claimer = ownership
    ? setInterval(
        () =>
          void claim().catch(async (error: unknown) => {
            options.logger?.warn({ err: error }, 'kafka data plane: could not renew or claim flow leases');
            // Unrenewed for a lease time, the leases may be another replica's by now: stop rather than relay twice.
            if (Date.now() - renewedAt < ownership.leaseMs || relays.size === 0) return;
            options.logger?.error({ flows: relays.size }, 'kafka data plane: leases not renewed for a lease time; the relays here stop');
            await Promise.all([...relays.keys()].map(halt));
          }),
        Math.floor(ownership.leaseMs / 3),
      )
    : undefined;
  claimer?.unref();

  return {
    dataPlane,
    recover,
    claim,
    relaying: () => [...relays.keys()],
    async close() {
      clearInterval(watch);
      clearInterval(claimer);
      await claiming?.catch(() => undefined);
      await Promise.all([...relays.keys()].map(halt));
    },
  };
}
