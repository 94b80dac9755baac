import type { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';

/**
 * States of an issuance request. PENDING_APPROVAL waits for an operator; ISSUING and REJECTING
 * deliver the CredentialMessage to the holder (retried); ISSUED, REJECTED and FAILED (delivery
 * gave up) are final.
 */
export const ISSUANCE_STATES = ['PENDING_APPROVAL', 'ISSUING', 'REJECTING', 'ISSUED', 'REJECTED', 'FAILED'] as const;
export type IssuanceState = (typeof ISSUANCE_STATES)[number];

/** What DCP's CredentialStatus says of each state: a request is RECEIVED until it is decided and delivered. */
export const DCP_STATUS: Readonly<Record<IssuanceState, 'RECEIVED' | 'ISSUED' | 'REJECTED'>> = {
  PENDING_APPROVAL: 'RECEIVED',
  ISSUING: 'RECEIVED',
  REJECTING: 'RECEIVED',
  ISSUED: 'ISSUED',
  REJECTED: 'REJECTED',
  // Nothing reached the holder, and its credentials were revoked.
  FAILED: 'REJECTED',
};

export interface IssuanceRequest {
  id: string;
  participantId: string;
  holderDid: string;
  holderPid: string;
  definitionIds: string[];
  state: IssuanceState;
  /** The CredentialStatus `status` the holder sees. */
  status: 'RECEIVED' | 'ISSUED' | 'REJECTED';
  rejectionReason: string | null;
  errorDetail: string | null;
  /** Failed delivery attempts in the current state. */
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toIssuanceRequest(record: Readonly<IssuanceRequestRecord>): IssuanceRequest {
  const state = record.state as IssuanceState;
  return {
    id: record.id,
    participantId: record.tenantId,
    holderDid: record.holderDid,
    holderPid: record.holderPid,
    definitionIds: JSON.parse(record.definitionIds) as string[],
    state,
    status: DCP_STATUS[state],
    rejectionReason: record.rejectionReason ?? null,
    errorDetail: record.errorDetail ?? null,
    attempts: record.stateCount,
    nextAttemptAt: record.nextAttemptAt?.toISOString() ?? null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.stateTimestamp.toISOString(),
  };
}
