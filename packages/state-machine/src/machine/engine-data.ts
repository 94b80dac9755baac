import type { StateMachineRow } from '../model/state-machine-row.ts';

type EngineData = Pick<StateMachineRow, 'state' | 'stateCount' | 'stateTimestamp' | 'nextAttemptAt'>;

/**
 * The engine columns of a row entering `state`: due at once when the state has a processor
 * (its work is "the task that follows" the transition), not due at all otherwise.
 */
export function enteringState(state: string, hasProcessor: boolean, now: Date): EngineData {
  return { state, stateCount: 0, stateTimestamp: now, nextAttemptAt: hasProcessor ? now : null };
}

/** Written with every outcome: the lease ends with it. */
export const NO_LEASE = { leaseOwner: null, leaseExpiresAt: null } as const;
