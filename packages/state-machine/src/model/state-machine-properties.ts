import { p } from '@mikro-orm/core';

/**
 * The engine's properties, to spread into a `defineEntity` beside the process's own:
 * `properties: { id: p.string().primary(), tenantId: p.string(), ...stateMachineProperties(), ... }`.
 * Pair it with `addStateMachineColumns` in the migration. Change these properties only through
 * the machine: `version` is an optimistic lock, so a flush of a stale copy fails rather than
 * overwriting a transition.
 */
export function stateMachineProperties() {
  return {
    state: p.string().length(64),
    /** Failed attempts in the current state; 0 on entering a state. */
    stateCount: p.integer().default(0),
    /** When the row entered its current state. */
    stateTimestamp: p.datetime(),
    /** When the state's processor should next run; null when the state has no processor. */
    nextAttemptAt: p.datetime().nullable(),
    /** The machine instance that claimed the row, until `leaseExpiresAt`. */
    leaseOwner: p.string().length(128).nullable(),
    leaseExpiresAt: p.datetime().nullable(),
    /** Increased by every engine write, claims included. */
    version: p.integer().version(),
  };
}
