import { type Static, Type } from '@tdss/sdk';

/** The defaults, shared by the settings schema and `createStateMachine`'s options. */
export const MACHINE_DEFAULTS = {
  leaseMs: 60_000,
  batchSize: 20,
  pollIntervalMs: 1_000,
  retry: { baseDelayMs: 1_000, maxDelayMs: 300_000, maxAttempts: 10, jitter: 0.2 },
} as const;

export const RetrySettings = Type.Object(
  {
    baseDelayMs: Type.Integer({
      minimum: 0,
      default: MACHINE_DEFAULTS.retry.baseDelayMs,
      description: 'Delay before the second attempt in a state; each further attempt doubles it.',
    }),
    maxDelayMs: Type.Integer({
      minimum: 0,
      default: MACHINE_DEFAULTS.retry.maxDelayMs,
      description: 'Longest delay between two attempts, however many attempts failed.',
    }),
    maxAttempts: Type.Integer({
      minimum: 1,
      default: MACHINE_DEFAULTS.retry.maxAttempts,
      description: 'Attempts in one state (the first included) before the retries count as exhausted.',
    }),
    jitter: Type.Number({
      minimum: 0,
      maximum: 1,
      default: MACHINE_DEFAULTS.retry.jitter,
      description: 'Share of each delay drawn at random (0.2: ±20%), so replicas retrying together spread out.',
    }),
  },
  { default: {}, description: 'Back-off of a state whose processor fails.' },
);

/**
 * Settings of one state machine, for a plugin to embed in its own settings schema, e.g.
 * `Type.Object({ negotiations: StateMachineSettings })`, and hand to `createStateMachine`.
 */
export const StateMachineSettings = Type.Object(
  {
    leaseMs: Type.Integer({
      minimum: 100,
      default: MACHINE_DEFAULTS.leaseMs,
      description:
        'How long a claimed row stays with the replica that claimed it; a processor must finish within it, else another replica takes the row over.',
    }),
    batchSize: Type.Integer({
      minimum: 1,
      default: MACHINE_DEFAULTS.batchSize,
      description: 'Rows claimed by one sweep and processed at once; also the most kicked rows processed at once.',
    }),
    pollIntervalMs: Type.Integer({
      minimum: 1,
      default: MACHINE_DEFAULTS.pollIntervalMs,
      description: 'Pause of the sweeper after a sweep that found less than a full batch of due rows.',
    }),
    retry: RetrySettings,
  },
  { default: {}, description: 'Processing of a persisted state machine.' },
);

export type RetrySettings = Static<typeof RetrySettings>;
export type StateMachineSettings = Static<typeof StateMachineSettings>;
