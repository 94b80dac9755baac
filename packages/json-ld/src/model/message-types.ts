import type { CatalogError, CatalogRequestMessage, DatasetRequestMessage, RootCatalog, RootDataset } from './catalog.ts';
import type {
  ContractAgreementMessage,
  ContractAgreementVerificationMessage,
  ContractNegotiation,
  ContractNegotiationError,
  ContractNegotiationEventMessage,
  ContractNegotiationTerminationMessage,
  ContractOfferMessage,
  ContractRequestMessage,
} from './negotiation.ts';
import type {
  TransferCompletionMessage,
  TransferError,
  TransferProcess,
  TransferRequestMessage,
  TransferStartMessage,
  TransferSuspensionMessage,
  TransferTerminationMessage,
} from './transfer.ts';

/** Every JSON-LD message of DSP 2025-1 by its compact `@type`. */
export interface DspMessageMap {
  CatalogRequestMessage: CatalogRequestMessage;
  DatasetRequestMessage: DatasetRequestMessage;
  Catalog: RootCatalog;
  Dataset: RootDataset;
  CatalogError: CatalogError;
  ContractRequestMessage: ContractRequestMessage;
  ContractOfferMessage: ContractOfferMessage;
  ContractAgreementMessage: ContractAgreementMessage;
  ContractAgreementVerificationMessage: ContractAgreementVerificationMessage;
  ContractNegotiationEventMessage: ContractNegotiationEventMessage;
  ContractNegotiationTerminationMessage: ContractNegotiationTerminationMessage;
  ContractNegotiation: ContractNegotiation;
  ContractNegotiationError: ContractNegotiationError;
  TransferRequestMessage: TransferRequestMessage;
  TransferStartMessage: TransferStartMessage;
  TransferSuspensionMessage: TransferSuspensionMessage;
  TransferCompletionMessage: TransferCompletionMessage;
  TransferTerminationMessage: TransferTerminationMessage;
  TransferProcess: TransferProcess;
  TransferError: TransferError;
}

export type DspMessageType = keyof DspMessageMap;
export type DspMessage = DspMessageMap[DspMessageType];

/** The spec's JSON schema of each message, relative to https://w3id.org/dspace/2025/1/. */
export const DSP_MESSAGE_SCHEMAS: { readonly [T in DspMessageType]: string } = {
  CatalogRequestMessage: 'catalog/catalog-request-message-schema.json',
  DatasetRequestMessage: 'catalog/dataset-request-message-schema.json',
  Catalog: 'catalog/catalog-schema.json',
  Dataset: 'catalog/dataset-schema.json',
  CatalogError: 'catalog/catalog-error-schema.json',
  ContractRequestMessage: 'negotiation/contract-request-message-schema.json',
  ContractOfferMessage: 'negotiation/contract-offer-message-schema.json',
  ContractAgreementMessage: 'negotiation/contract-agreement-message-schema.json',
  ContractAgreementVerificationMessage: 'negotiation/contract-agreement-verification-message-schema.json',
  ContractNegotiationEventMessage: 'negotiation/contract-negotiation-event-message-schema.json',
  ContractNegotiationTerminationMessage: 'negotiation/contract-negotiation-termination-message-schema.json',
  ContractNegotiation: 'negotiation/contract-negotiation-schema.json',
  ContractNegotiationError: 'negotiation/contract-negotiation-error-schema.json',
  TransferRequestMessage: 'transfer/transfer-request-message-schema.json',
  TransferStartMessage: 'transfer/transfer-start-message-schema.json',
  TransferSuspensionMessage: 'transfer/transfer-suspension-message-schema.json',
  TransferCompletionMessage: 'transfer/transfer-completion-message-schema.json',
  TransferTerminationMessage: 'transfer/transfer-termination-message-schema.json',
  TransferProcess: 'transfer/transfer-process-schema.json',
  TransferError: 'transfer/transfer-error-schema.json',
};

export const DSP_MESSAGE_TYPES = Object.keys(DSP_MESSAGE_SCHEMAS) as DspMessageType[];

export function isDspMessageType(value: unknown): value is DspMessageType {
  return typeof value === 'string' && Object.hasOwn(DSP_MESSAGE_SCHEMAS, value);
}
