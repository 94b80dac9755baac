/**
 * The JSON schema of a definition's credential subject, for a definition that names no schema of
 * its own: DCP wants a `credentialSchema` URL in every CredentialObject of the metadata, and the
 * issuer serves this one there. It says what the issuer guarantees: the holder DID as `id`, and
 * each claim of the definition with its JSON type. Allow-list entries may add claims, so others
 * are allowed.
 */
import type { CredentialDefinition } from './credential-definition.ts';

export const subjectSchemaUrl = (issuerBaseUrl: string, definitionId: string) => `${issuerBaseUrl}/credential-schemas/${definitionId}`;

export function subjectSchema(definition: CredentialDefinition, url: string): Record<string, unknown> {
  const claims = Object.entries(definition.claims);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: url,
    title: `${definition.credentialType} credential subject`,
    type: 'object',
    required: ['id', ...claims.map(([name]) => name)],
    properties: {
      id: { type: 'string', description: 'the holder DID' },
      ...Object.fromEntries(claims.map(([name, value]) => [name, { type: jsonType(value) }])),
    },
  };
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
