/** The engine columns every process row has (see `stateMachineProperties`), plus its identity. */
export interface StateMachineRow {
  id: string;
  tenantId: string;
  state: string;
  stateCount: number;
  stateTimestamp: Date;
  nextAttemptAt?: Date | null;
  leaseOwner?: string | null;
  leaseExpiresAt?: Date | null;
  version: number;
}

/** The engine's own columns: never part of the `changes` a transition writes. */
export const ENGINE_PROPERTIES = [
  'id',
  'tenantId',
  'state',
  'stateCount',
  'stateTimestamp',
  'nextAttemptAt',
  'leaseOwner',
  'leaseExpiresAt',
  'version',
] as const;
