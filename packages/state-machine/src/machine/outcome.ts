import type { EntityData, EntityManager } from '@mikro-orm/core';
import { ENGINE_PROPERTIES, type StateMachineRow } from '../model/state-machine-row.ts';

/** The type-specific columns a transition may write with its state; the engine's own are excluded. */
export type Changes<T extends StateMachineRow> = Omit<EntityData<T>, (typeof ENGINE_PROPERTIES)[number]>;

/** What a processor decided; the engine writes it with a version and lease check. */
export type Outcome<T extends StateMachineRow> =
  | { readonly kind: 'transition'; readonly to: string; readonly changes: Changes<T> }
  | { readonly kind: 'retry'; readonly error: unknown }
  | { readonly kind: 'leave'; readonly delayMs: number }
  /** A transition the processor wrote in its own transaction (`transitionIn`); `written` false when the row was taken over. */
  | { readonly kind: 'written'; readonly to: string; readonly written: boolean };

/** Handed to a processor with its row: the outcomes it may return. */
export interface Step<T extends StateMachineRow> {
  /** The attempt being run in this state: 1 for the first, `stateCount + 1`. */
  readonly attempt: number;
  /** Move to `to`, writing `changes` in the same statement; `stateCount` starts again at 0. */
  transition(to: string, changes?: Changes<T>): Outcome<T>;
  /** Count a failed attempt and try again after the back-off (throwing does the same). */
  retry(error: unknown): Outcome<T>;
  /** Keep the state and its attempt count; run the processor again after `delayMs`. */
  leave(delayMs: number): Outcome<T>;
  /**
   * Writes the transition now, inside the processor's own transaction `em` (with the same version
   * and lease check), so that the outcome commits or rolls back with the processor's writes: no
   * moment where one is recorded and the other not. Return what it resolves to once committed;
   * a rollback makes the processor's error a failed attempt, as any error.
   */
  transitionIn(em: EntityManager, to: string, changes?: Changes<T>): Promise<Outcome<T>>;
}

/** Writes a transition of the row being processed in the given unit of work; resolves to whether it was written. */
export type TransitionWriter<T extends StateMachineRow> = (em: EntityManager, to: string, changes: Changes<T>) => Promise<boolean>;

/**
 * Runs a state's work (send a message, call a data plane, ...) and returns what follows. It may
 * run more than once for one attempt when a replica dies between the work and the write: make
 * the work idempotent.
 */
export type Processor<T extends StateMachineRow> = (row: Readonly<T>, step: Step<T>) => Promise<Outcome<T>> | Outcome<T>;

/** Decides what happens once `maxAttempts` attempts failed, typically a transition to an error state. */
export type ExhaustedHandler<T extends StateMachineRow> = (
  row: Readonly<T>,
  error: unknown,
  step: Pick<Step<T>, 'transition' | 'leave' | 'attempt'>,
) => Promise<Outcome<T>> | Outcome<T>;

export function createStep<T extends StateMachineRow>(attempt: number, writeIn?: TransitionWriter<T>): Step<T> {
  return {
    attempt,
    transition: (to, changes = {} as Changes<T>) => ({ kind: 'transition', to, changes: checkChanges(changes) }),
    retry: (error) => ({ kind: 'retry', error }),
    leave: (delayMs) => ({ kind: 'leave', delayMs }),
    async transitionIn(em, to, changes = {} as Changes<T>) {
      if (!writeIn) throw new TypeError('transitionIn is for processors only');
      return { kind: 'written', to, written: await writeIn(em, to, checkChanges(changes)) };
    },
  };
}

export function isOutcome(value: unknown): value is Outcome<StateMachineRow> {
  const kind = (value as { kind?: unknown } | null | undefined)?.kind;
  return kind === 'transition' || kind === 'retry' || kind === 'leave' || kind === 'written';
}

/** Engine columns move only with the engine's own rules; a change to one is a programming error. */
export function checkChanges<C extends object>(changes: C): C {
  const engine = Object.keys(changes).filter((key) => (ENGINE_PROPERTIES as readonly string[]).includes(key));
  if (engine.length) {
    throw new TypeError(`a transition cannot set ${engine.join(', ')}: the state machine writes those columns itself`);
  }
  return changes;
}
