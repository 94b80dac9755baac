/**
 * The document served at /.well-known/dspace-version (common/protocol-version-schema.json). Plain
 * JSON, not JSON-LD.
 */

/** The binding enum of the schema. */
export const DSP_BINDINGS = ['HTTPS'] as const;

export interface VersionAuth {
  protocol: string;
  version: string;
  profile?: string[];
}

export interface ProtocolVersion {
  /** e.g. `2025-1`, `2024-1`. */
  version: string;
  /** Path segment appended to the connector root to reach this version's endpoints. */
  path: string;
  binding: (typeof DSP_BINDINGS)[number];
  identifierType?: string;
  serviceId?: string;
  auth?: VersionAuth;
}

export interface VersionResponse {
  /** At least one entry. */
  protocolVersions: ProtocolVersion[];
}
