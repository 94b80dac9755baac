import type { DspDocument, DspErrorDetails } from './common.ts';

/** Transfer process protocol (transfer/*-schema.json). */

/** transfer-process-schema.json state enum, in the schema's order. */
export const TRANSFER_STATES = ['REQUESTED', 'STARTED', 'TERMINATED', 'COMPLETED', 'SUSPENDED'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export interface EndpointProperty {
  '@type': 'EndpointProperty';
  name: string;
  value: string;
}

/** data-address-schema.json: where a push target or pull source is. */
export interface DataAddress {
  '@type': 'DataAddress';
  endpointType: string;
  endpoint?: string;
  endpointProperties?: EndpointProperty[];
}

export interface TransferRequestMessage extends DspDocument {
  '@type': 'TransferRequestMessage';
  consumerPid: string;
  agreementId: string;
  format: string;
  /** Only for push transfers. */
  dataAddress?: DataAddress;
  callbackAddress: string;
}

export interface TransferStartMessage extends DspDocument {
  '@type': 'TransferStartMessage';
  providerPid: string;
  consumerPid: string;
  /** Required by the protocol text for pull transfers. */
  dataAddress?: DataAddress;
}

export interface TransferSuspensionMessage extends DspDocument, DspErrorDetails {
  '@type': 'TransferSuspensionMessage';
  providerPid: string;
  consumerPid: string;
}

export interface TransferCompletionMessage extends DspDocument {
  '@type': 'TransferCompletionMessage';
  providerPid: string;
  consumerPid: string;
}

export interface TransferTerminationMessage extends DspDocument, DspErrorDetails {
  '@type': 'TransferTerminationMessage';
  providerPid: string;
  consumerPid: string;
}

export interface TransferProcess extends DspDocument {
  '@type': 'TransferProcess';
  providerPid: string;
  consumerPid: string;
  state: TransferState;
}

export interface TransferError extends DspDocument, DspErrorDetails {
  '@type': 'TransferError';
  providerPid: string;
  consumerPid: string;
}
