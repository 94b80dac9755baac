import { POLICY_SCOPES } from '../model/evaluation.ts';
import { parseIsoDate } from '../values/iso-date.ts';
import { elapsedTime } from '../values/left-value.ts';
import type { LeftOperandFunction } from './policy-function.ts';

/**
 * ODRL `elapsedTime`, counted from the Agreement's `timestamp`. Before an agreement exists (an
 * Offer in the catalog or a negotiation) no time has elapsed yet: the period starts when the
 * agreement is concluded.
 */
export const elapsedTimeFunction: LeftOperandFunction = {
  leftOperand: 'elapsedTime',
  scopes: POLICY_SCOPES,
  description: 'ODRL elapsedTime: time since the Agreement timestamp (zero before an agreement), compared with an xsd:duration',
  resolve: ({ policy, now }) => {
    const start = policy.type === 'Agreement' && policy.timestamp ? parseIsoDate(policy.timestamp) : undefined;
    return elapsedTime(start?.kind === 'dateTime' ? new Date(start.ms) : now, now);
  },
};
