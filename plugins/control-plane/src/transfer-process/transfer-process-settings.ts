import { type Static, Type } from '@tdss/sdk';
import { StateMachineSettings } from '@tdss/state-machine';

/** The `transferProcess` settings of @tdss/control-plane. */
export const TransferProcessSettings = Type.Object(
  {
    stateMachine: StateMachineSettings,
    requestTimeoutMs: Type.Integer({
      minimum: 1,
      default: 30_000,
      description: 'How long a DSP message to a counterparty waits for its answer; a timeout is retried with back-off like any other failure to reach it.',
    }),
  },
  {
    default: {},
    description:
      'DSP transfer processes: how their pending states are processed (leases, batches, retries) and how long messages to counterparties may take. Once the retries of a state are used up the transfer is terminated with the reason.',
  },
);

export type TransferProcessSettings = Static<typeof TransferProcessSettings>;
