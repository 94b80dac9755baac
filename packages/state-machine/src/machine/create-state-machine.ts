import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager, EntitySchema, FilterQuery } from '@mikro-orm/core';
import { type Database, type Logger, TdssError } from '@tdss/sdk';
import type { Registry } from 'prom-client';
import { ENGINE_PROPERTIES, type StateMachineRow } from '../model/state-machine-row.ts';
import { applyTransition, type TransitionRequest, type TransitionResult } from './apply-transition.ts';
import { type Claim, createClaimer } from './claim-due-rows.ts';
import { createMachineMetrics, type DueWork } from './create-machine-metrics.ts';
import { enteringState, NO_LEASE } from './engine-data.ts';
import { findRow } from './find-row.ts';
import { mapRow } from './map-row.ts';
import { resolveMachineTable } from './machine-table.ts';
import { type MoveRequest, type MoveResult, moveRow } from './move-row.ts';
import { checkChanges, type ExhaustedHandler, type Processor } from './outcome.ts';
import { type ProcessContext, processRow } from './process-row.ts';
import { MACHINE_DEFAULTS, type RetrySettings, type StateMachineSettings } from './state-machine-settings.ts';

export interface StateMachineOptions<T extends StateMachineRow> extends Partial<Omit<StateMachineSettings, 'retry'>> {
  /** Names the machine in logs, metrics and lease owners, e.g. `contract-negotiation`. */
  name: string;
  db: Database;
  /** A `defineEntity` with `id`, `tenantId` and `...stateMachineProperties()`. */
  entity: EntitySchema<T, any>;
  /** The work of each pending state; a state without one waits for an input to move it on. */
  processors: Readonly<Record<string, Processor<T>>>;
  logger: Logger;
  /** The runtime's registry (`Metrics` from @tdss/sdk); no metrics without it. */
  metrics?: Registry;
  retry?: Partial<RetrySettings>;
  /** Without it, a row whose attempts are used up is parked: kept in its state, never due again. */
  onRetriesExhausted?: ExhaustedHandler<T>;
  /** Lease owner of this instance; unique by default (name, host, process and a random part). */
  owner?: string;
}

export interface StateMachine<T extends StateMachineRow> {
  readonly name: string;
  readonly owner: string;
  /** Starts the sweeper; rows left by a stopped or crashed replica resume once their lease expires. */
  start(): void;
  /**
   * Stops claiming, lets the rows in progress finish and write their outcome, and releases the
   * leases of those still running after `timeoutMs` (their late outcome is then refused).
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Processes a row now, if it is due and free: call it after the transaction that made the row
   * due has committed. Resolves to whether this call processed it; never rejects.
   */
  kick(id: string): Promise<boolean>;
  /** Applies an input's transition inside the caller's unit of work (see `TransitionRequest`). */
  apply(em: EntityManager, request: TransitionRequest<T>): Promise<TransitionResult<T>>;
  /** Applies a transition by one conditional statement, optionally claiming the row (see `MoveRequest`). */
  move(em: EntityManager, request: MoveRequest<T>): Promise<MoveResult>;
  /**
   * Processes a row that `apply`, `move` or `insert` claimed, in one of the `batchSize` slots kicks use (before any
   * kicked row waiting); call it only once the caller's transaction has committed (a rolled-back
   * claim holds nothing). Resolves when it was processed or left to its lease.
   */
  run(claim: Claim): Promise<void>;
  /**
   * Inserts a new row in `state` by one native statement (no unit of work): with `claim`, a state
   * with a processor is leased to this instance in the same statement — hand the claim to `run()`
   * once the caller's transaction (if any) has committed, instead of kicking the row.
   */
  insert(em: EntityManager, data: NewRow<T>, state: string, options?: { claim?: boolean }): Promise<{ row: T; due: boolean; claim?: Claim }>;
  /**
   * The row whose properties equal `where` (the first, when several do), read by one statement
   * without the ORM's unit of work; in `em`'s transaction when given.
   */
  find(where: Partial<Record<keyof T & string, string | number>>, em?: EntityManager): Promise<T | null>;
  /** The engine columns of a new row in `state`, to spread into `em.create(...)`. */
  initial(state: string): Pick<T, 'state' | 'stateCount' | 'stateTimestamp' | 'nextAttemptAt' | 'leaseOwner' | 'leaseExpiresAt' | 'version'>;
  hasProcessor(state: string): boolean;
}

/** The columns of a new row but the engine's. */
export type NewRow<T extends StateMachineRow> = Omit<T, (typeof ENGINE_PROPERTIES)[number]> & Pick<T, 'id' | 'tenantId'>;

const STOP_TIMEOUT_MS = 10_000;

/**
 * A persisted state machine: every row of `entity` is one process. Rows in a state with a
 * processor are due work; a sweeper claims due rows in batches under a lease, and `kick` takes
 * one at once. Each outcome is written with the new state in one statement that checks the
 * version and the lease, so a row is processed by one worker at a time across replicas.
 */
export function createStateMachine<T extends StateMachineRow>(options: StateMachineOptions<T>): StateMachine<T> {
  const { name, db, entity, processors, logger } = options;
  const leaseMs = options.leaseMs ?? MACHINE_DEFAULTS.leaseMs;
  const batchSize = options.batchSize ?? MACHINE_DEFAULTS.batchSize;
  const pollIntervalMs = options.pollIntervalMs ?? MACHINE_DEFAULTS.pollIntervalMs;
  const retry: RetrySettings = { ...MACHINE_DEFAULTS.retry, ...options.retry };
  const owner = (options.owner ?? `${name}@${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`).slice(0, 128);
  const states = Object.keys(processors);
  const hasProcessor = (state: string) => Object.hasOwn(processors, state);
  const table = resolveMachineTable(db, entity, name);
  const claimer = createClaimer({ db, table, states, owner, leaseMs });
  const metrics = createMachineMetrics(options.metrics, name, () => measureDue(db, entity, states));
  const context: ProcessContext<T> = {
    machine: name,
    db,
    entity,
    table,
    owner,
    processors,
    retry,
    onRetriesExhausted: options.onRetriesExhausted,
    logger,
    metrics,
  };

  let phase: 'created' | 'running' | 'stopped' = 'created';
  const pause = new AbortController();
  let sweeping: Promise<void> = Promise.resolve();
  /** Rows being processed by this instance: id → the version its claim wrote. */
  const inFlight = new Map<string, number>();
  const runs = new Set<Promise<unknown>>();
  /** Kicked rows waiting for a free slot, with whoever awaits each. */
  const kicked = new Map<string, Array<(processed: boolean) => void>>();
  /** Rows `move` claimed, waiting for a free slot, with when they were claimed. */
  const claimed: Array<{ claim: Claim; at: number; resolve(): void }> = [];
  let kickSlots = batchSize;
  const writes = { db, table, owner, leaseMs, hasProcessor, running: () => phase === 'running' };

  const track = <R>(run: Promise<R>): Promise<R> => {
    runs.add(run);
    void run.finally(() => runs.delete(run)).catch(() => undefined);
    return run;
  };

  async function processClaims(claims: Claim[]): Promise<void> {
    if (claims.length === 0) return;
    // The rows as the claims wrote them: no read of their own.
    const rows = claims.map((claim) => (claim.row as T | undefined) ?? mapRow({ db, table, entity }, claim.raw!));
    await Promise.all(
      rows.map(async (row) => {
        inFlight.set(row.id, row.version);
        let dueNow = false;
        try {
          dueNow = await processRow(context, row);
        } catch (error) {
          // The outcome could not be written (database away): the lease expires and the row
          // comes back to whichever replica sweeps first.
          logger.error({ err: error, machine: name, id: row.id, state: row.state }, 'could not write outcome; the row resumes when its lease expires');
        } finally {
          // An input that broke the lease may have let this instance claim the row again meanwhile:
          // that run's entry (a later version) is not ours to remove.
          if (inFlight.get(row.id) === row.version) inFlight.delete(row.id);
        }
        // The task that follows the transition runs at once, on this instance.
        if (dueNow) void kick(row.id);
      }),
    );
  }

  async function sweep(): Promise<void> {
    while (phase === 'running') {
      let full = false;
      try {
        const claims = await claimer.batch(batchSize);
        full = claims.length === batchSize;
        await processClaims(claims);
      } catch (error) {
        logger.error({ err: error, machine: name }, 'sweep failed; trying again after pollIntervalMs');
      }
      // A full batch suggests more due work: sweep again at once.
      if (!full) await sleep(pollIntervalMs, undefined, { signal: pause.signal }).catch(() => undefined);
    }
  }

  /**
   * Gives free slots to the claims `move` made first (they hold leases), then to kicked rows. A
   * claim that waited for a slot longer than half its lease is left to expire: the sweeper
   * resumes the row, so no processor starts on a lease about to run out.
   */
  function drainKicks(): void {
    while (phase === 'running' && kickSlots > 0 && (claimed.length > 0 || kicked.size > 0)) {
      kickSlots--;
      const waiting = claimed.shift();
      const run = track(
        (async () => {
          try {
            if (waiting) {
              if (Date.now() - waiting.at > leaseMs / 2) return false;
              await processClaims([waiting.claim]);
              return true;
            }
            const [id, waiters] = kicked.entries().next().value!;
            kicked.delete(id);
            try {
              const claim = await claimer.one(id);
              if (claim) await processClaims([claim]);
              waiters.forEach((resolve) => resolve(claim !== undefined));
            } catch (error) {
              logger.error({ err: error, machine: name, id }, 'kick failed; the sweeper will process the row');
              waiters.forEach((resolve) => resolve(false));
            }
            return true;
          } finally {
            kickSlots++;
            drainKicks();
          }
        })(),
      );
      if (waiting) void run.then(() => waiting.resolve(), () => waiting.resolve());
    }
  }

  function run(claim: Claim): Promise<void> {
    if (phase !== 'running') return Promise.resolve();
    return new Promise((resolve) => {
      claimed.push({ claim, at: Date.now(), resolve });
      drainKicks();
    });
  }

  function kick(id: string): Promise<boolean> {
    if (phase !== 'running') return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiters = kicked.get(id);
      if (waiters) waiters.push(resolve);
      else kicked.set(id, [resolve]);
      drainKicks();
    });
  }

  async function releaseLeases(): Promise<void> {
    const em = db.em();
    for (const [id, version] of inFlight) {
      await em.nativeUpdate(entity, { id, version, leaseOwner: owner } as FilterQuery<T>, NO_LEASE as never);
    }
  }

  return {
    name,
    owner,
    start() {
      if (phase !== 'created') {
        throw new TdssError(`state machine ${name} was already started`, {
          code: 'STATE_MACHINE_STATE',
          hint: 'create a new machine with createStateMachine() to start again after stop()',
        });
      }
      phase = 'running';
      if (states.length > 0) sweeping = track(sweep());
      logger.info({ machine: name, owner, states, leaseMs, batchSize, pollIntervalMs }, 'state machine started');
    },
    async stop({ timeoutMs = STOP_TIMEOUT_MS } = {}) {
      if (phase !== 'running') {
        phase = 'stopped';
        return;
      }
      phase = 'stopped';
      pause.abort();
      for (const waiters of kicked.values()) waiters.forEach((resolve) => resolve(false));
      kicked.clear();
      // Their leases expire; whichever replica sweeps next resumes them.
      for (const waiting of claimed.splice(0)) waiting.resolve();
      const timer = new AbortController();
      const finished = await Promise.race([
        Promise.allSettled([sweeping, ...runs]).then(() => true),
        sleep(timeoutMs, false, { signal: timer.signal }).catch(() => true),
      ]);
      timer.abort();
      if (!finished) {
        logger.warn({ machine: name, rows: [...inFlight.keys()] }, 'processors still running at stop: leases released, their outcomes will be refused');
        await releaseLeases();
      }
      metrics.close();
      logger.info({ machine: name }, 'state machine stopped');
    },
    kick,
    apply: (em, request) => applyTransition({ ...writes, entity }, em, request),
    move: (em, request) => moveRow(writes, em, request),
    run,
    async insert(em, data, state, { claim = false } = {}) {
      const now = new Date();
      const due = hasProcessor(state);
      const leased = due && claim && phase === 'running';
      const lease = leased ? { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) } : NO_LEASE;
      const { id, tenantId, ...columns } = data;
      const row = { id, tenantId, ...checkChanges(columns), ...enteringState(state, due, now), ...lease, version: 1 } as unknown as T;
      try {
        await db.kysely(em).insertInto(table.table).values(table.toColumns(row as unknown as Record<string, unknown>)).execute();
      } catch (error) {
        // As the ORM reports it (a UniqueConstraintViolationException for a repeated id), not the driver.
        throw em.getDriver().convertException(error as Error);
      }
      return { row, due, ...(leased ? { claim: { id: row.id, version: 1, row } } : {}) };
    },
    find: (where, em) => findRow({ db, table, entity }, where, em),
    initial(state) {
      return { ...enteringState(state, hasProcessor(state), new Date()), ...NO_LEASE, version: 1 } as ReturnType<StateMachine<T>['initial']>;
    },
    hasProcessor,
  };
}

async function measureDue<T extends StateMachineRow>(db: Database, entity: EntitySchema<T, any>, states: readonly string[]): Promise<DueWork> {
  if (states.length === 0) return { rows: 0, lagSeconds: 0 };
  const now = new Date();
  const due: FilterQuery<StateMachineRow> = {
    state: { $in: [...states] },
    nextAttemptAt: { $lte: now },
    $or: [{ leaseOwner: null }, { leaseExpiresAt: { $lte: now } }],
  };
  const where = due as FilterQuery<T>;
  const em = db.em();
  const rows = await em.count(entity, where);
  const oldest = rows > 0 ? ((await em.findOne(entity, where, { orderBy: { nextAttemptAt: 'asc' } as never })) as T | null) : null;
  const since = oldest?.nextAttemptAt?.getTime() ?? now.getTime();
  return { rows, lagSeconds: Math.max(0, (now.getTime() - since) / 1000) };
}
