/** What other plugins (CFM, identity hub, data planes) use of the control plane. */
import { createServiceToken, type Page } from '@tdss/sdk';
import type { ParticipantContext, ParticipantContextState } from './participant-context/participant-context.ts';
import type { Asset } from './asset/asset.ts';
import type { ContractDefinition } from './contract-definition/contract-definition.ts';
import type { ManagementQuery } from './management/management-query.ts';
import type { PolicyDefinition } from './policy-definition/policy-definition.ts';

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
