import t from 'tap';
import type { TransferRole } from './transfer-process.ts';
import { dspStateOf, TRANSFER_PROCESS_STATES, type TransferProcessState } from './transfer-states.ts';
import { decideAction, decideIncoming, INCOMING_MESSAGES, type IncomingMessage } from './transfer-transitions.ts';

type Expected = TransferProcessState | 'duplicate' | 'refused';

/**
 * Every DSP state × message × role, from the spec's state machine: REQUESTED → STARTED (P),
 * REQUESTED → TERMINATED (C/P), STARTED → COMPLETED | SUSPENDED | TERMINATED (P/C),
 * SUSPENDED → STARTED | TERMINATED (P/C). Rows are the receiving side's state.
 */
const SPEC: Record<TransferRole, Record<'REQUESTED' | 'STARTED' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED', Record<IncomingMessage, Expected>>> = {
  CONSUMER: {
    REQUESTED: { TransferStartMessage: 'STARTED', TransferSuspensionMessage: 'refused', TransferCompletionMessage: 'refused', TransferTerminationMessage: 'TERMINATED' },
    STARTED: { TransferStartMessage: 'duplicate', TransferSuspensionMessage: 'SUSPENDED', TransferCompletionMessage: 'COMPLETED', TransferTerminationMessage: 'TERMINATED' },
    SUSPENDED: { TransferStartMessage: 'STARTED', TransferSuspensionMessage: 'duplicate', TransferCompletionMessage: 'refused', TransferTerminationMessage: 'TERMINATED' },
    COMPLETED: { TransferStartMessage: 'refused', TransferSuspensionMessage: 'refused', TransferCompletionMessage: 'duplicate', TransferTerminationMessage: 'refused' },
    TERMINATED: { TransferStartMessage: 'refused', TransferSuspensionMessage: 'refused', TransferCompletionMessage: 'refused', TransferTerminationMessage: 'duplicate' },
  },
  PROVIDER: {
    // A consumer cannot start a requested transfer: REQUESTED → STARTED is the provider's.
    REQUESTED: { TransferStartMessage: 'refused', TransferSuspensionMessage: 'refused', TransferCompletionMessage: 'refused', TransferTerminationMessage: 'TERMINATION_RECEIVED' },
    STARTED: {
      TransferStartMessage: 'duplicate',
      TransferSuspensionMessage: 'SUSPENSION_RECEIVED',
      TransferCompletionMessage: 'COMPLETION_RECEIVED',
      TransferTerminationMessage: 'TERMINATION_RECEIVED',
    },
    SUSPENDED: { TransferStartMessage: 'START_RECEIVED', TransferSuspensionMessage: 'duplicate', TransferCompletionMessage: 'refused', TransferTerminationMessage: 'TERMINATION_RECEIVED' },
    COMPLETED: { TransferStartMessage: 'refused', TransferSuspensionMessage: 'refused', TransferCompletionMessage: 'duplicate', TransferTerminationMessage: 'refused' },
    TERMINATED: { TransferStartMessage: 'refused', TransferSuspensionMessage: 'refused', TransferCompletionMessage: 'refused', TransferTerminationMessage: 'duplicate' },
  },
};

const outcome = (role: TransferRole, state: TransferProcessState, message: IncomingMessage): Expected => {
  const decision = decideIncoming(role, state, message);
  return decision.kind === 'apply' ? decision.to : decision.kind;
};

t.test('a counterparty message in a DSP state does what the spec state machine allows, and nothing else', async (t) => {
  for (const role of ['CONSUMER', 'PROVIDER'] as const) {
    for (const [state, messages] of Object.entries(SPEC[role])) {
      for (const [message, expected] of Object.entries(messages)) {
        t.equal(outcome(role, state as TransferProcessState, message as IncomingMessage), expected, `${role} ${state} + ${message}`);
      }
    }
  }
});

t.test('while our own message is on its way, the counterparty may act on the state before or after it', async (t) => {
  // The provider sent (or is sending) its start: a consumer that got it may suspend at once.
  t.equal(outcome('PROVIDER', 'STARTING', 'TransferSuspensionMessage'), 'SUSPENSION_RECEIVED');
  t.equal(outcome('PROVIDER', 'STARTING', 'TransferTerminationMessage'), 'TERMINATION_RECEIVED');
  // The provider's start overtakes its answer to our request.
  t.equal(outcome('CONSUMER', 'REQUESTING', 'TransferStartMessage'), 'STARTED');
  t.equal(outcome('CONSUMER', 'REQUESTING', 'TransferTerminationMessage'), 'TERMINATED');
  // We are suspending: the counterparty may still complete (it saw STARTED) or resume (it saw SUSPENDED).
  t.equal(outcome('CONSUMER', 'SUSPENDING', 'TransferCompletionMessage'), 'COMPLETED');
  t.equal(outcome('PROVIDER', 'SUSPENDING', 'TransferStartMessage'), 'START_RECEIVED');
  t.equal(outcome('CONSUMER', 'RESUMING', 'TransferSuspensionMessage'), 'SUSPENDED');
  t.equal(outcome('CONSUMER', 'RESUMING', 'TransferStartMessage'), 'STARTED', "the provider's start answers our resumption");
  t.equal(outcome('PROVIDER', 'RESUMING', 'TransferStartMessage'), 'duplicate', 'both resumed at once');
  t.equal(outcome('PROVIDER', 'COMPLETING', 'TransferTerminationMessage'), 'TERMINATION_RECEIVED');
  // Our termination is final, whatever the counterparty saw.
  for (const message of ['TransferStartMessage', 'TransferSuspensionMessage', 'TransferCompletionMessage'] as const) {
    t.equal(outcome('PROVIDER', 'TERMINATING', message), 'refused', `TERMINATING + ${message}`);
  }
  t.equal(outcome('CONSUMER', 'TERMINATING', 'TransferTerminationMessage'), 'duplicate');
});

t.test("after the counterparty's own message only the state it moved to counts", async (t) => {
  // The consumer suspended; its completion while the provider suspends the flow is out of order (TP:03-03).
  t.equal(outcome('PROVIDER', 'SUSPENSION_RECEIVED', 'TransferCompletionMessage'), 'refused');
  t.equal(outcome('PROVIDER', 'SUSPENSION_RECEIVED', 'TransferSuspensionMessage'), 'duplicate');
  // The consumer terminated: nothing else moves the process (TP:03-04…06).
  for (const message of ['TransferStartMessage', 'TransferSuspensionMessage', 'TransferCompletionMessage'] as const) {
    t.equal(outcome('PROVIDER', 'TERMINATION_RECEIVED', message), 'refused', `TERMINATION_RECEIVED + ${message}`);
  }
  t.equal(outcome('PROVIDER', 'TERMINATION_RECEIVED', 'TransferTerminationMessage'), 'duplicate');
  t.equal(outcome('PROVIDER', 'START_RECEIVED', 'TransferSuspensionMessage'), 'SUSPENSION_RECEIVED');
  t.equal(outcome('PROVIDER', 'COMPLETION_RECEIVED', 'TransferTerminationMessage'), 'refused');
});

t.test('every state shows as one of the five DSP states', async (t) => {
  for (const state of TRANSFER_PROCESS_STATES) t.match(dspStateOf(state), /^(REQUESTED|STARTED|SUSPENDED|COMPLETED|TERMINATED)$/, state);
  t.equal(dspStateOf('STARTING'), 'STARTED', 'a provider whose start is on its way shows STARTED');
  t.equal(dspStateOf('TERMINATING'), 'TERMINATED');
  t.equal(dspStateOf('REQUESTING'), 'REQUESTED');
});

t.test('our own decisions: only from where DSP lets our side make them, repeated ones change nothing', async (t) => {
  const action = (role: TransferRole, state: TransferProcessState, a: Parameters<typeof decideAction>[2]) => {
    const decision = decideAction(role, state, a);
    return decision.kind === 'apply' ? decision.to : decision.kind;
  };
  t.equal(action('PROVIDER', 'REQUESTED', 'start'), 'STARTING');
  t.equal(action('CONSUMER', 'REQUESTED', 'start'), 'wrong-role', 'a consumer starts nothing: it resumes');
  t.equal(action('PROVIDER', 'STARTED', 'start'), 'duplicate');
  t.equal(action('CONSUMER', 'STARTED', 'suspend'), 'SUSPENDING');
  t.equal(action('CONSUMER', 'REQUESTED', 'suspend'), 'refused');
  t.equal(action('PROVIDER', 'SUSPENDED', 'suspend'), 'duplicate');
  t.equal(action('PROVIDER', 'SUSPENDED', 'resume'), 'RESUMING');
  t.equal(action('CONSUMER', 'STARTED', 'resume'), 'duplicate');
  t.equal(action('CONSUMER', 'REQUESTED', 'resume'), 'refused');
  t.equal(action('PROVIDER', 'STARTED', 'complete'), 'COMPLETING');
  t.equal(action('PROVIDER', 'SUSPENDED', 'complete'), 'refused');
  for (const state of ['REQUESTING', 'REQUESTED', 'STARTING', 'STARTED', 'SUSPENDING', 'SUSPENDED', 'RESUMING', 'COMPLETING'] as const) {
    t.equal(action('CONSUMER', state, 'terminate'), 'TERMINATING', `terminate from ${state}`);
  }
  t.equal(action('PROVIDER', 'TERMINATED', 'terminate'), 'duplicate');
  t.equal(action('PROVIDER', 'COMPLETED', 'terminate'), 'refused');
  t.equal(action('PROVIDER', 'COMPLETION_RECEIVED', 'terminate'), 'refused');
  t.equal(action('PROVIDER', 'COMPLETED', 'suspend'), 'refused');
});

t.test('every message is judged in every state without throwing', async (t) => {
  for (const role of ['CONSUMER', 'PROVIDER'] as const) {
    for (const state of TRANSFER_PROCESS_STATES) {
      for (const message of INCOMING_MESSAGES) t.ok(['apply', 'duplicate', 'refused'].includes(decideIncoming(role, state, message).kind));
    }
  }
});
