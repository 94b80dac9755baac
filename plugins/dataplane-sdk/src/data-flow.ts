/** A data flow as the data plane keeps it: the start (or prepare) message it came from, and where it is now. */
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
