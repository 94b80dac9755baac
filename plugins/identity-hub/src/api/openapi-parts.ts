/** Pieces every OpenAPI fragment of the identity API uses. */

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: object) => ({ 'application/json': { schema } });

/** The `participantId` path parameter; `description` says what the id also is in that API. */
export function participantIdParameter(description = 'The participant context id.') {
  return { name: 'participantId', in: 'path', required: true, description, schema: { type: 'string', pattern: '^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$' } };
}
