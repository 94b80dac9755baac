/** What other plugins (CFM, identity hub, data planes) use of the control plane. */
import { createServiceToken, type Page } from '@tdss/sdk';
import type { ParticipantContext, ParticipantContextState } from './participant-context/participant-context.ts';

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
