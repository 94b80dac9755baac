import { POLICY_SCOPES } from '../model/evaluation.ts';
import { missingValue } from '../values/left-value.ts';
import type { LeftOperandFunction } from './policy-function.ts';

/**
 * The counterparty's participant id (its DID under DCP), named with the DSP term
 * `dspace:participantId`, which JSON-LD expands to https://w3id.org/dspace/2025/1/participantId.
 */
export const participantIdFunction: LeftOperandFunction = {
  leftOperand: 'dspace:participantId',
  scopes: POLICY_SCOPES,
  description: 'the participant id (DID) of the counterparty, as the identity layer verified it',
  resolve: ({ context }) => context.counterparty?.id ?? missingValue('the counterparty is not identified'),
};
