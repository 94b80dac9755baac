/**
 * What assets, policy definitions and contract definitions have in common: objects a participant
 * context owns, named by an id of its choosing, listed with EDC queries.
 */
import type { Page, TenantOwned } from '@tdss/sdk';
import type { ManagementQuery } from './management-query.ts';
import type { QueryFields } from './query-fields.ts';

/**
 * A stored row. `pk` is a generated key; `id` is the client's id, unique per participant context
 * only: two participant contexts may both have an asset `a1`, and neither learns of the other's.
 */
export interface ManagedRow extends TenantOwned {
  pk: string;
  id: string;
  createdAt: Date;
}

export interface ResourceStore<T, I extends { id?: string }> {
  /** What its queries can filter and sort by. */
  readonly fields: QueryFields;
  /** 409 when the id is taken in this participant context; an id is generated when absent. */
  create(participantContextId: string, input: I): Promise<T>;
  /** 404 when this participant context has no such object, whoever else may have one. */
  get(participantContextId: string, id: string): Promise<T>;
  query(participantContextId: string, query: ManagementQuery): Promise<Page<T>>;
  /** Whether any object meets every criterion (without reading or counting them all when SQL can tell). */
  exists(participantContextId: string, filter: ManagementQuery['filter']): Promise<boolean>;
  /** Replaces everything but the id and creation time; `input.id` is ignored. 404 like get. */
  update(participantContextId: string, id: string, input: I): Promise<T>;
  /** 404 like get. */
  delete(participantContextId: string, id: string): Promise<void>;
}
