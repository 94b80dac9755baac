/** A data flow as the data plane keeps it: the start (or prepare) message it came from, and where it is now. */
import type { ControlPlaneEvent } from './control-plane-client.ts';
import type { DataAddress, DataFlowState, DataFlowStatusMessage } from './messages.ts';

export type FlowRole = 'PROVIDER' | 'CONSUMER';

export interface DataFlow {
  /** The transfer process id of the control plane (`processId`): ids are unique per control plane. */
  id: string;
  /** PROVIDER: created by /start; CONSUMER: created by /prepare. */
  role: FlowRole;
  state: DataFlowState;
  profile: string;
  participantId: string;
  counterPartyId: string;
  dataspaceContext: string;
  agreementId: string;
  datasetId: string;
  claims: Record<string, unknown>;
  labels: string[];
  metadata: Record<string, unknown>;
  /**
   * Push: the destination (provider side, from start/resume) or the address the consumer handed
   * out (consumer side, from prepare). Pull, consumer side: the provider's address from /started.
   * May hold credentials: never log it.
   */
  dataAddress: DataAddress | null;
  /** Raised whenever pull tokens handed out before must stop working (resume, suspend, terminate). */
  tokenGeneration: number;
  /** The last message applied, and what it was answered: a repeat of it gets the same answer. */
  lastMessageId: string | null;
  lastResponse: StoredResponse | null;
  /** Why the flow was suspended or terminated, or what failed. */
  reason: string | null;
  /**
   * The outbox: callbacks to the control plane not delivered yet, written with the state change
   * they report, so a crash or a restart loses none (another replica or the next start sends them).
   */
  callbacks?: PendingCallback[];
  /** Optimistic lock: an update of a stale copy fails. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The answer to a message, kept so that the same message (same messageId) gets it again. */
export interface StoredResponse {
  status: number;
  /** The status message, or `{ detail }` of a refusal. */
  body: DataFlowStatusMessage | { detail: string };
}

export const FINAL_STATES: readonly DataFlowState[] = ['COMPLETED', 'TERMINATED'];

export function isFinalState(state: DataFlowState): boolean {
  return FINAL_STATES.includes(state);
}

/** A callback waiting in a flow's outbox. */
export interface PendingCallback {
  event: ControlPlaneEvent;
  /** Sent as is on every attempt: its messageId lets the control plane recognise a repeat. */
  message: DataFlowStatusMessage;
  /** Failed attempts so far. */
  attempts: number;
  /** When it may be sent (again), ISO 8601; a sender leases it by moving this ahead. */
  dueAt: string;
}

/** The earliest time a callback of the flow is due, undefined when its outbox is empty. */
export function callbackDueAt(flow: DataFlow): Date | undefined {
  const times = (flow.callbacks ?? []).map((callback) => Date.parse(callback.dueAt));
  return times.length ? new Date(Math.min(...times)) : undefined;
}
