/**
 * The `@context` of every DSP 2025-1 message: an array that contains the DSP context URL
 * (common/context-schema.json). Canonical messages carry exactly `[DSP_2025_1_CONTEXT]`.
 */
export type DspContext = readonly string[];

/** A JSON-LD object in canonical compact 2025-1 form, with its `@context`. */
export interface DspDocument {
  '@context': DspContext;
}

/** `code` and `reason` of the termination, suspension and error messages. */
export interface DspErrorDetails {
  code?: string;
  /** At least one entry when present (the schemas say minItems 1 for negotiation and transfer). */
  reason?: unknown[];
}
