import { credentialClaimFunction } from './credential-claim-function.ts';
import { dateTimeFunction } from './date-time-function.ts';
import { elapsedTimeFunction } from './elapsed-time-function.ts';
import { participantIdFunction } from './participant-id-function.ts';
import type { PolicyFunction } from './policy-function.ts';

/** The functions every engine has, in every scope; contributed functions may replace them. */
export function builtinFunctions(): readonly PolicyFunction[] {
  return [dateTimeFunction, elapsedTimeFunction, participantIdFunction, credentialClaimFunction];
}
