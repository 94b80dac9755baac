import { TdssError } from '@tdss/sdk';
import { PACKAGE_NAME, UnknownContextError } from '../contexts/context-errors.ts';

/** A document that is not valid JSON-LD (bad @context, protected term redefinition, ...). */
export class JsonLdSyntaxError extends TdssError {
  /** The JSON-LD error code, e.g. `invalid local context`, `protected term redefinition`. */
  readonly jsonLdCode: string;

  constructor(message: string, jsonLdCode: string, cause: unknown) {
    super(`invalid JSON-LD: ${message}`, {
      code: 'JSONLD_INVALID',
      plugin: PACKAGE_NAME,
      hint: 'send a JSON-LD 1.1 document whose @context names only bundled or registered contexts',
      cause,
    });
    this.name = 'JsonLdSyntaxError';
    this.jsonLdCode = jsonLdCode;
  }
}

/**
 * jsonld.js wraps loader failures in its own error (details.cause); this finds ours again so
 * callers see which context was refused.
 */
export function translateJsonLdError(error: unknown): Error {
  const refused = findUnknownContext(error, 0);
  if (refused) return refused;
  if (error instanceof Error) {
    const details = (error as { details?: { code?: unknown } }).details;
    const code = typeof details?.code === 'string' ? details.code : error.name;
    return new JsonLdSyntaxError(error.message, code, error);
  }
  return new JsonLdSyntaxError(String(error), 'unknown', error);
}

function findUnknownContext(error: unknown, depth: number): UnknownContextError | undefined {
  if (error instanceof UnknownContextError) return error;
  if (depth > 8 || typeof error !== 'object' || error === null) return undefined;
  const { cause, details } = error as { cause?: unknown; details?: { cause?: unknown } };
  return findUnknownContext(details?.cause, depth + 1) ?? findUnknownContext(cause, depth + 1);
}
