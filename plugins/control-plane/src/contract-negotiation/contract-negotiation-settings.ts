import { type Static, Type } from '@tdss/sdk';
import { StateMachineSettings } from '@tdss/state-machine';

/** The `contractNegotiation` settings of @tdss/control-plane. */
export const ContractNegotiationSettings = Type.Object(
  {
    machine: StateMachineSettings,
    requestTimeoutMs: Type.Integer({
      minimum: 100,
      default: 30_000,
      description:
        'How long a DSP message to a counterparty waits for its answer; then the attempt counts as failed and is retried. Keep it well below machine.leaseMs: a processor must finish within its lease.',
    }),
  },
  { default: {}, description: 'DSP contract negotiation: the state machine that sends our messages, and their timeout.' },
);

export type ContractNegotiationSettings = Static<typeof ContractNegotiationSettings>;
