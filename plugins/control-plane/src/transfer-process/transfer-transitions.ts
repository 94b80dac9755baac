/**
 * Which transitions a counterparty's message and our own decisions may make, from the state
 * machine of the DSP 2025-1 transfer process protocol (transfer-process-state-machine.puml):
 *
 *   REQUESTED → STARTED (P), REQUESTED → TERMINATED (C/P),
 *   STARTED → COMPLETED | SUSPENDED | TERMINATED (P/C),
 *   SUSPENDED → STARTED | TERMINATED (P/C); COMPLETED and TERMINATED are final.
 *
 * A consumer starts a transfer only by resuming it; REQUESTED → STARTED is the provider's.
 */
import type { TransferState } from '@tdss/json-ld';
import type { TransferRole } from './transfer-process.ts';
import { dspStateOf, seenAs, type TransferProcessState } from './transfer-states.ts';

export const INCOMING_MESSAGES = [
  'TransferStartMessage',
  'TransferSuspensionMessage',
  'TransferCompletionMessage',
  'TransferTerminationMessage',
] as const;
export type IncomingMessage = (typeof INCOMING_MESSAGES)[number];

interface MessageRule {
  /** The DSP state the message leads to. */
  readonly to: TransferState;
  /** The DSP states it may arrive in, by the role of the process that receives it. */
  readonly from: Readonly<Record<TransferRole, readonly TransferState[]>>;
  /** The state a provider enters to apply the consumer's message to its data flow. */
  readonly providerState: TransferProcessState;
}

const MESSAGE_RULES: Readonly<Record<IncomingMessage, MessageRule>> = {
  TransferStartMessage: {
    to: 'STARTED',
    from: { CONSUMER: ['REQUESTED', 'SUSPENDED'], PROVIDER: ['SUSPENDED'] },
    providerState: 'START_RECEIVED',
  },
  TransferSuspensionMessage: { to: 'SUSPENDED', from: { CONSUMER: ['STARTED'], PROVIDER: ['STARTED'] }, providerState: 'SUSPENSION_RECEIVED' },
  TransferCompletionMessage: { to: 'COMPLETED', from: { CONSUMER: ['STARTED'], PROVIDER: ['STARTED'] }, providerState: 'COMPLETION_RECEIVED' },
  TransferTerminationMessage: {
    to: 'TERMINATED',
    from: { CONSUMER: ['REQUESTED', 'STARTED', 'SUSPENDED'], PROVIDER: ['REQUESTED', 'STARTED', 'SUSPENDED'] },
    providerState: 'TERMINATION_RECEIVED',
  },
};

export type Decision =
  /** Move the row to `to`. */
  | { kind: 'apply'; to: TransferProcessState }
  /** The process is in (or moving to) the state the message leads to: a repeated message. */
  | { kind: 'duplicate' }
  /** The message is out of order: 400 TransferError, nothing changes. */
  | { kind: 'refused' };

/** What a counterparty's message does to a process of ours in `state`. */
export function decideIncoming(role: TransferRole, state: TransferProcessState, message: IncomingMessage): Decision {
  const rule = MESSAGE_RULES[message];
  // A consumer resuming waits for the provider's acknowledgement; the provider's own start (with
  // the fresh pull address) may come first, and answers the resumption just as well.
  if (role === 'CONSUMER' && state === 'RESUMING' && message === 'TransferStartMessage') return { kind: 'apply', to: 'STARTED' };
  if (dspStateOf(state) === rule.to) return { kind: 'duplicate' };
  if (!seenAs(state).some((seen) => rule.from[role].includes(seen))) return { kind: 'refused' };
  return { kind: 'apply', to: role === 'PROVIDER' ? rule.providerState : (rule.to as TransferProcessState) };
}

export const ACTIONS = ['start', 'suspend', 'resume', 'complete', 'terminate'] as const;
export type TransferAction = (typeof ACTIONS)[number];

interface ActionRule {
  readonly to: TransferProcessState;
  readonly roles: readonly TransferRole[];
  readonly from: readonly TransferProcessState[];
}

const BOTH: readonly TransferRole[] = ['CONSUMER', 'PROVIDER'];

const ACTION_RULES: Readonly<Record<TransferAction, ActionRule>> = {
  // A provider whose start guard held the request starts it later.
  start: { to: 'STARTING', roles: ['PROVIDER'], from: ['REQUESTED'] },
  suspend: { to: 'SUSPENDING', roles: BOTH, from: ['STARTED'] },
  resume: { to: 'RESUMING', roles: BOTH, from: ['SUSPENDED'] },
  complete: { to: 'COMPLETING', roles: BOTH, from: ['STARTED'] },
  // Any state that is not final or ending already, including our own pending decisions that keep
  // failing (a counterparty that does not answer): terminating is the way out of them.
  terminate: {
    to: 'TERMINATING',
    roles: BOTH,
    from: ['REQUESTING', 'REQUESTED', 'STARTING', 'STARTED', 'SUSPENDING', 'SUSPENDED', 'RESUMING', 'COMPLETING', 'START_RECEIVED', 'SUSPENSION_RECEIVED'],
  },
};

export type ActionDecision = Decision | { kind: 'wrong-role' };

/** What our own decision (management API, a test harness) does to a process in `state`. */
export function decideAction(role: TransferRole, state: TransferProcessState, action: TransferAction): ActionDecision {
  const rule = ACTION_RULES[action];
  if (!rule.roles.includes(role)) return { kind: 'wrong-role' };
  if (dspStateOf(state) === dspStateOf(rule.to)) return { kind: 'duplicate' };
  if (!rule.from.includes(state)) return { kind: 'refused' };
  return { kind: 'apply', to: rule.to };
}
