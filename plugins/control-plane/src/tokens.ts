/** What other plugins (CFM, identity hub, data planes) use of the control plane. */
import type { Offer, RootCatalog, RootDataset } from '@tdss/json-ld';
import { createExtensionPoint, createServiceToken, type Page, type VerifiedCounterparty } from '@tdss/sdk';
import type { ParticipantContext, ParticipantContextState } from './participant-context/participant-context.ts';
import type { Asset } from './asset/asset.ts';
import type { ContractDefinition } from './contract-definition/contract-definition.ts';
import type { ManagementQuery } from './management/management-query.ts';
import type { PolicyDefinition } from './policy-definition/policy-definition.ts';
import type { ContractNegotiations as NegotiationService } from './contract-negotiation/create-contract-negotiations.ts';
import type { NegotiationDecider } from './contract-negotiation/negotiation-decision.ts';
import type { ContractAgreements as AgreementService } from './contract-agreement/create-contract-agreements.ts';

export interface NewParticipantContext {
  /** Chosen by the caller (CFM uses the tenant id) or generated. */
  id?: string;
  /** The participant's identity in the dataspace, e.g. its DID. */
  participantId: string;
  properties?: Record<string, unknown>;
}

export interface ParticipantContexts {
  create(input: NewParticipantContext): Promise<ParticipantContext>;
  /** 404 problem when there is none. */
  get(id: string): Promise<ParticipantContext>;
  /** Like get, but a deactivated context is also a 404: its protocol endpoints are closed. */
  getActive(id: string): Promise<ParticipantContext>;
  list(query: { offset: number; limit: number; filters: { state?: string; participantId?: string } }): Promise<Page<ParticipantContext>>;
  setState(id: string, state: ParticipantContextState): Promise<ParticipantContext>;
  /** Only a deactivated context can be deleted (409 otherwise). */
  delete(id: string): Promise<void>;
  /**
   * Deletes a deactivated context (409 while ACTIVATED) and every row scoped to it: assets, policy
   * and contract definitions, agreements, negotiations, transfer processes. Gone already is done.
   * Returns the rows deleted per table.
   */
  purge(id: string): Promise<Record<string, number>>;
}

export const ParticipantContexts = createServiceToken<ParticipantContexts>('tdss.ParticipantContexts', {
  description: 'Participant contexts (tenants in a dataspace) of the control plane.',
  providedBy: ['@tdss/control-plane'],
});

export type { ParticipantContext, ParticipantContextState };

/** Assets of participant contexts, for the catalog and contract negotiation. */
export interface Assets {
  /** 404 problem when the participant context has no such asset. */
  get(participantContextId: string, id: string): Promise<Asset>;
  /** A page of the assets that meet every criterion, e.g. of a contract definition's assetsSelector. */
  query(participantContextId: string, query: ManagementQuery): Promise<Page<Asset>>;
  /** Whether the participant context has an asset that meets every criterion. */
  exists(participantContextId: string, filter: ManagementQuery['filter']): Promise<boolean>;
}

export const Assets = createServiceToken<Assets>('tdss.Assets', {
  description: 'Assets (data offerings) of participant contexts.',
  providedBy: ['@tdss/control-plane'],
});

/** Policy definitions of participant contexts, for the catalog and contract negotiation. */
export interface PolicyDefinitions {
  /** 404 problem when the participant context has no such policy definition. */
  get(participantContextId: string, id: string): Promise<PolicyDefinition>;
}

export const PolicyDefinitions = createServiceToken<PolicyDefinitions>('tdss.PolicyDefinitions', {
  description: 'Named ODRL policies of participant contexts.',
  providedBy: ['@tdss/control-plane'],
});

/** Contract definitions of participant contexts: what the catalog offers, to whom, on which terms. */
export interface ContractDefinitions {
  /** 404 problem when the participant context has no such contract definition. */
  get(participantContextId: string, id: string): Promise<ContractDefinition>;
  /** A page of a participant context's contract definitions (oldest first unless sorted). */
  query(participantContextId: string, query: ManagementQuery): Promise<Page<ContractDefinition>>;
}

export const ContractDefinitions = createServiceToken<ContractDefinitions>('tdss.ContractDefinitions', {
  description: 'Contract definitions (asset selector, access policy, contract policy) of participant contexts.',
  providedBy: ['@tdss/control-plane'],
});

export type { Asset, DataAddress } from './asset/asset.ts';
export type { ContractDefinition } from './contract-definition/contract-definition.ts';
export type { PolicyDefinition } from './policy-definition/policy-definition.ts';
export type { Criterion, CriterionOperator } from './management/criterion.ts';
export type { ManagementQuery } from './management/management-query.ts';

/** A catalog page: the Catalog document and where it is in the whole catalog. */
export interface CatalogPage {
  catalog: RootCatalog;
  /** Datasets on all pages. */
  total: number;
  offset: number;
  limit: number;
}

/** An offer of ours as it is currently made to a counterparty. */
export interface CurrentOffer {
  contractDefinitionId: string;
  assetId: string;
  /** The DSP Offer, with its id, as the catalog shows it. */
  offer: Offer;
}

/** The provider side of the DSP catalog protocol: what a verified counterparty may see. */
export interface Catalogs {
  /** One page of the catalog; 400 problem for a filter it cannot apply. */
  catalog(participant: ParticipantContext, counterparty: VerifiedCounterparty, request: { filter?: readonly unknown[]; offset: number; limit: number }): Promise<CatalogPage>;
  /** 404 problem when there is no such dataset or it is not offered to the counterparty. */
  dataset(participant: ParticipantContext, counterparty: VerifiedCounterparty, datasetId: string): Promise<RootDataset>;
  /**
   * The offer an offer id (`<contractDefinitionId>:<assetId>:<nonce>`) names, if the catalog would
   * show it to the counterparty now; undefined for an unknown, hidden or stale (policy changed) offer.
   */
  offer(participant: ParticipantContext, counterparty: VerifiedCounterparty, offerId: string): Promise<CurrentOffer | undefined>;
}

export const Catalogs = createServiceToken<Catalogs>('tdss.Catalogs', {
  description: 'DSP catalogs of participant contexts as a counterparty sees them (access policies in the catalog scope).',
  providedBy: ['@tdss/control-plane'],
});

/** Contract negotiations (DSP 2025-1) of participant contexts, as consumer and as provider. */
export type ContractNegotiations = NegotiationService;
export const ContractNegotiations = createServiceToken<ContractNegotiations>('tdss.ContractNegotiations', {
  description: 'DSP contract negotiations of participant contexts: start them, read them, and take the decisions they wait for.',
  providedBy: ['@tdss/control-plane'],
});

/** Agreements of finalized negotiations (and agreements recorded without one); transfers find theirs with `get`. */
export type ContractAgreements = AgreementService;
export const ContractAgreements = createServiceToken<ContractAgreements>('tdss.ContractAgreements', {
  description: 'Contract agreements of participant contexts, from FINALIZED negotiations.',
  providedBy: ['@tdss/control-plane'],
});

/**
 * What this connector does where a negotiation waits for it (offer, agree, accept, verify,
 * finalize, terminate or wait), asked in contribution order before the defaults; see
 * `createScriptedDecider` for a script per dataset id.
 */
export const NegotiationDecisions = createExtensionPoint<NegotiationDecider>('tdss.NegotiationDecisions', {
  description: 'Deciders of contract negotiations: what the connector does at each DSP state where it may act.',
});

export type { NegotiationQuery, NewNegotiationInput } from './contract-negotiation/create-contract-negotiations.ts';
export type { ContractNegotiation, NegotiationRole } from './contract-negotiation/contract-negotiation.ts';
export type { NegotiationState, PendingState } from './contract-negotiation/negotiation-states.ts';
export type { DecisionKind, DecisionPoint, DecisionSituation, NegotiationDecider, NegotiationDecision } from './contract-negotiation/negotiation-decision.ts';
export type { NegotiationScript, ScriptStep } from './contract-negotiation/scripted-decider.ts';
export type { AgreementFilter, AgreementQuery } from './contract-agreement/create-contract-agreements.ts';
export type { ContractAgreement } from './contract-agreement/contract-agreement.ts';

/** Transfer processes (DSP 2025-1): the service and start guards. */
export { TransferProcesses, TransferStartGuards } from './transfer-process/transfer-process-tokens.ts';
export type { NewTransferProcess, TransferProcessFilters, TransferStartGuard } from './transfer-process/transfer-process-tokens.ts';
export type { TransferProcess, TransferRole } from './transfer-process/transfer-process.ts';
export type { TransferProcessState } from './transfer-process/transfer-states.ts';
/** Data Plane Signaling: the registry of data planes (by URL) and the data planes of this runtime. */
export { DataPlanes, LocalDataPlanes } from './data-plane/data-plane-tokens.ts';
export type { DataPlaneQuery, DataPlaneRegistry, FlowType, SelectedDataPlane } from './data-plane/data-plane-registry.ts';
export type { DataPlaneInfo } from './data-plane/data-plane-record.ts';
