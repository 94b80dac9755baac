/**
 * A transfer process, as a consumer or a provider: one row per side and participant context,
 * processed by the state machine of transfer-process-machine.ts.
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { DataAddress as DspDataAddress, TransferState } from '@tdss/json-ld';
import { stateMachineProperties } from '@tdss/state-machine';
import { dspStateOf, type TransferProcessState } from './transfer-states.ts';

export const TRANSFER_ROLES = ['CONSUMER', 'PROVIDER'] as const;
export type TransferRole = (typeof TRANSFER_ROLES)[number];

/** Longest agreement id and transfer type accepted (they are stored and indexed). */
export const MAX_ID_LENGTH = 255;

/** Longest error detail kept on a row: a counterparty's reasons are its own text. */
export const MAX_ERROR_DETAIL = 2_000;

export const TransferProcessEntity = defineEntity({
  name: 'ControlPlaneTransferProcess',
  tableName: 'cp_transfer_process',
  properties: {
    /** Our pid, `urn:uuid:…`: the providerPid of a provider's row, the consumerPid of a consumer's. */
    id: p.string().primary(),
    /** The participant context. */
    tenantId: p.string(),
    role: p.string().$type<TransferRole>(),
    /** The counterparty's pid; a consumer learns it from the provider's answer to its request. */
    correlationPid: p.string().nullable(),
    counterpartyId: p.string(),
    /** The provider's DSP base URL (consumer side), or the consumer's callbackAddress (provider side). */
    counterpartyAddress: p.string(),
    agreementId: p.string(),
    /** The agreement's target: the dataset (asset) transferred. */
    assetId: p.string(),
    /** The DSP `format` of the request, e.g. `HttpData-PULL`. */
    transferType: p.string(),
    /**
     * Push: the consumer's destination (sent with the request). Pull, consumer side: the endpoint
     * and token the provider sent with its start message. May hold credentials: never logged, and
     * shown by the management API without endpoint property values.
     */
    dataAddress: p.json<DspDataAddress>().nullable(),
    /** Provider: the data plane its data flow was given to (Data Plane Signaling); null on the consumer side. */
    dataPlaneId: p.string().nullable(),
    /** Why the process was suspended or terminated (by us or by the counterparty), or what failed. */
    errorDetail: p.text().nullable(),
    createdAt: p.datetime(),
    ...stateMachineProperties(),
  },
});

export type TransferProcessRow = InferEntity<typeof TransferProcessEntity>;

/** A transfer process as the control plane's services hand it out. */
export interface TransferProcess {
  /** Our pid. */
  id: string;
  participantContextId: string;
  role: TransferRole;
  state: TransferProcessState;
  /** What the counterparty sees: the DSP state the process is in or moving to. */
  dspState: TransferState;
  providerPid: string | null;
  consumerPid: string | null;
  counterpartyId: string;
  counterpartyAddress: string;
  agreementId: string;
  assetId: string;
  transferType: string;
  dataAddress: DspDataAddress | null;
  errorDetail: string | null;
  stateTimestamp: Date;
  createdAt: Date;
}

export function toTransferProcess(row: TransferProcessRow): TransferProcess {
  const state = row.state as TransferProcessState;
  const provider = row.role === 'PROVIDER';
  return {
    id: row.id,
    participantContextId: row.tenantId,
    role: row.role,
    state,
    dspState: dspStateOf(state),
    providerPid: provider ? row.id : (row.correlationPid ?? null),
    consumerPid: provider ? (row.correlationPid ?? null) : row.id,
    counterpartyId: row.counterpartyId,
    counterpartyAddress: row.counterpartyAddress,
    agreementId: row.agreementId,
    assetId: row.assetId,
    transferType: row.transferType,
    dataAddress: row.dataAddress ?? null,
    errorDetail: row.errorDetail ?? null,
    stateTimestamp: row.stateTimestamp,
    createdAt: row.createdAt,
  };
}
