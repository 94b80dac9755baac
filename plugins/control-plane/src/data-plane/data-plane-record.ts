/**
 * A data plane registered by URL (DPS DataPlaneRegistrationMessage), for the whole runtime or for
 * one participant context. Registering the same id again replaces it (the spec's semantics).
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** The participant context column of a registration that serves every participant context. */
export const RUNTIME_WIDE = '';

export const DataPlaneEntity = defineEntity({
  name: 'ControlPlaneDataPlane',
  tableName: 'cp_data_plane',
  properties: {
    /** `dataplaneId`. */
    id: p.string().primary(),
    /** The participant context it serves, or RUNTIME_WIDE. */
    participantContextId: p.string(),
    /** Base URL of its signaling API (`/dataflows/*` below it). */
    endpoint: p.string(),
    profiles: p.json<string[]>(),
    labels: p.json<string[]>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export type DataPlaneRow = InferEntity<typeof DataPlaneEntity>;

/** A data plane as the registry hands it out: one registered by URL or one running in this process. */
export interface DataPlaneInfo {
  id: string;
  /** Undefined: serves every participant context of the runtime. */
  participantContextId?: string;
  /** The signaling endpoint; `in-process` for a data plane contributed by a plugin of this runtime. */
  endpoint: string;
  profiles: string[];
  labels: string[];
  local: boolean;
}

export function toDataPlaneInfo(row: DataPlaneRow): DataPlaneInfo {
  return {
    id: row.id,
    ...(row.participantContextId === RUNTIME_WIDE ? {} : { participantContextId: row.participantContextId }),
    endpoint: row.endpoint,
    profiles: row.profiles,
    labels: row.labels,
    local: false,
  };
}
