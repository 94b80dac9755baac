import { ProblemError } from '@tdss/sdk';

/**
 * A 401 problem. Its detail names the check that failed and is meant for the caller, whose own
 * token it describes; it never repeats a token.
 */
export function unauthorized(detail: string): ProblemError {
  return new ProblemError(401, detail, { type: 'unauthorized' });
}
