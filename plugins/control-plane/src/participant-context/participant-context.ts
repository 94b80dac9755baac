/**
 * A participant context is one tenant's identity in one dataspace (EDC-V's term): everything the
 * control plane keeps (assets, policies, negotiations, transfers) belongs to exactly one.
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const PARTICIPANT_CONTEXT_STATES = ['ACTIVATED', 'DEACTIVATED'] as const;
export type ParticipantContextState = (typeof PARTICIPANT_CONTEXT_STATES)[number];

/** Ids appear in URL paths, log lines and DID paths: keep them to a safe alphabet. */
export const PARTICIPANT_CONTEXT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const ParticipantContextEntity = defineEntity({
  name: 'ParticipantContext',
  tableName: 'cp_participant_context',
  properties: {
    id: p.string().primary(),
    participantId: p.string(),
    state: p.string().$type<ParticipantContextState>(),
    properties: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export type ParticipantContext = InferEntity<typeof ParticipantContextEntity>;

/** The API shape: dates as ISO strings, nothing internal. */
export function toParticipantContextJson(context: ParticipantContext) {
  return {
    id: context.id,
    participantId: context.participantId,
    state: context.state,
    properties: context.properties,
    createdAt: context.createdAt.toISOString(),
    updatedAt: context.updatedAt.toISOString(),
  };
}
