/** What other plugins (a conformance harness, the management API, tenant lifecycle) use of transfer processes. */
import type { DataAddress as DspDataAddress } from '@tdss/json-ld';
import { createExtensionPoint, createServiceToken, type Page } from '@tdss/sdk';
import type { TransferProcess, TransferRole } from './transfer-process.ts';
import type { TransferProcessState } from './transfer-states.ts';

/** A consumer's request for a transfer under one of its agreements. */
export interface NewTransferProcess {
  /** The provider's DSP 2025-1 base URL, e.g. `https://provider.example/protocol/acme/2025-1`. */
  counterpartyAddress: string;
  /** The provider's participant id; the agreement's assigner when absent (and it must match when given). */
  counterpartyId?: string;
  agreementId: string;
  /** The DSP `format`, e.g. `HttpData-PULL`. */
  transferType: string;
  /** Push transfers: where the provider sends the data. */
  dataDestination?: DspDataAddress;
}

export interface TransferProcessFilters {
  state?: TransferProcessState;
  role?: TransferRole;
  agreementId?: string;
}

/**
 * Transfer processes of participant contexts. Every method is scoped to one participant context:
 * another context's process is a 404. The decisions (start, suspend, resume, complete, terminate)
 * are the ones the DSP lets our side make; out of order they are a 409 problem, repeated they
 * change nothing and answer the process as it is.
 */
export interface TransferProcesses {
  /** Consumer: requests a transfer from the agreement's provider (REQUESTING at once). 400 for an unknown agreement or bad input. */
  request(participantContextId: string, input: NewTransferProcess): Promise<TransferProcess>;
  get(participantContextId: string, id: string): Promise<TransferProcess>;
  list(participantContextId: string, query: { offset: number; limit: number; filters: TransferProcessFilters }): Promise<Page<TransferProcess>>;
  /** Provider: starts a process a start guard held in REQUESTED. */
  start(participantContextId: string, id: string): Promise<TransferProcess>;
  suspend(participantContextId: string, id: string, reason?: string): Promise<TransferProcess>;
  resume(participantContextId: string, id: string): Promise<TransferProcess>;
  complete(participantContextId: string, id: string): Promise<TransferProcess>;
  terminate(participantContextId: string, id: string, reason?: string): Promise<TransferProcess>;
}

export const TransferProcesses = createServiceToken<TransferProcesses>('tdss.TransferProcesses', {
  description: 'DSP transfer processes of participant contexts, as consumer and provider.',
  providedBy: ['@tdss/control-plane'],
});

/**
 * Consulted when a provider accepts a TransferRequestMessage: a guard that holds the process keeps
 * it in REQUESTED until `TransferProcesses.start` or a termination moves it on. Lets an operator
 * (or a conformance harness, per agreement or dataset) decide when a transfer starts.
 */
export interface TransferStartGuard {
  hold(process: TransferProcess): boolean | Promise<boolean>;
}

export const TransferStartGuards = createExtensionPoint<TransferStartGuard>('tdss.TransferStartGuards', {
  description: 'Decides whether a requested transfer waits in REQUESTED instead of starting at once.',
});
