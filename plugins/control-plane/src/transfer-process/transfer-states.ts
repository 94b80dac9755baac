/**
 * The states a transfer process row goes through, on either side, and how each shows in DSP.
 *
 * The five DSP states (REQUESTED, STARTED, SUSPENDED, COMPLETED, TERMINATED) are states without
 * work: they wait for the counterparty, an API call or nothing (COMPLETED, TERMINATED). Every
 * other state is pending: its processor does the work that follows a decision and then enters the
 * DSP state the decision leads to.
 *
 * - Our decisions (REQUESTING, STARTING, SUSPENDING, RESUMING, COMPLETING, TERMINATING): the
 *   provider first applies the decision to its data flow, then either side tells the counterparty.
 * - The consumer's messages at the provider (START_RECEIVED, SUSPENSION_RECEIVED,
 *   COMPLETION_RECEIVED, TERMINATION_RECEIVED): the consumer moved already, so the provider only
 *   applies the message to its data flow (and, after a resume, hands the consumer a fresh pull
 *   address). The consumer has no data flow here: its side of a message is the DSP state itself.
 */
import type { TransferState } from '@tdss/json-ld';

export const TRANSFER_PROCESS_STATES = [
  'REQUESTING',
  'REQUESTED',
  'STARTING',
  'STARTED',
  'SUSPENDING',
  'SUSPENDED',
  'RESUMING',
  'COMPLETING',
  'COMPLETED',
  'TERMINATING',
  'TERMINATED',
  'START_RECEIVED',
  'SUSPENSION_RECEIVED',
  'COMPLETION_RECEIVED',
  'TERMINATION_RECEIVED',
] as const;
export type TransferProcessState = (typeof TRANSFER_PROCESS_STATES)[number];

interface StateView {
  /** What `GET /transfers/:pid` answers: the DSP state the row is in or moving to. */
  readonly dsp: TransferState;
  /**
   * The DSP states the counterparty may believe the process is in. While our own message is on
   * its way the counterparty may still see the state before it, or already the one after it
   * (its answer reaches us before our outcome is written), so both count when its messages are
   * judged. After the counterparty's own message only the state it moved to counts, and a
   * termination of ours is final whatever the counterparty has seen.
   */
  readonly seenAs: readonly TransferState[];
}

const VIEWS: Readonly<Record<TransferProcessState, StateView>> = {
  REQUESTING: { dsp: 'REQUESTED', seenAs: ['REQUESTED'] },
  REQUESTED: { dsp: 'REQUESTED', seenAs: ['REQUESTED'] },
  STARTING: { dsp: 'STARTED', seenAs: ['REQUESTED', 'STARTED'] },
  STARTED: { dsp: 'STARTED', seenAs: ['STARTED'] },
  SUSPENDING: { dsp: 'SUSPENDED', seenAs: ['STARTED', 'SUSPENDED'] },
  SUSPENDED: { dsp: 'SUSPENDED', seenAs: ['SUSPENDED'] },
  RESUMING: { dsp: 'STARTED', seenAs: ['SUSPENDED', 'STARTED'] },
  COMPLETING: { dsp: 'COMPLETED', seenAs: ['STARTED', 'COMPLETED'] },
  COMPLETED: { dsp: 'COMPLETED', seenAs: ['COMPLETED'] },
  TERMINATING: { dsp: 'TERMINATED', seenAs: ['TERMINATED'] },
  TERMINATED: { dsp: 'TERMINATED', seenAs: ['TERMINATED'] },
  START_RECEIVED: { dsp: 'STARTED', seenAs: ['STARTED'] },
  SUSPENSION_RECEIVED: { dsp: 'SUSPENDED', seenAs: ['SUSPENDED'] },
  COMPLETION_RECEIVED: { dsp: 'COMPLETED', seenAs: ['COMPLETED'] },
  TERMINATION_RECEIVED: { dsp: 'TERMINATED', seenAs: ['TERMINATED'] },
};

export function isTransferProcessState(value: string): value is TransferProcessState {
  return Object.hasOwn(VIEWS, value);
}

export function dspStateOf(state: TransferProcessState): TransferState {
  return VIEWS[state].dsp;
}

export function seenAs(state: TransferProcessState): readonly TransferState[] {
  return VIEWS[state].seenAs;
}

/** COMPLETED and TERMINATED: "Terminal states are final; the state machine MUST NOT transition to another state." */
export function isFinal(state: TransferProcessState): boolean {
  return state === 'COMPLETED' || state === 'TERMINATED';
}
