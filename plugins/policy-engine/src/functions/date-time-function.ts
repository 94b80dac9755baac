import { POLICY_SCOPES } from '../model/evaluation.ts';
import type { LeftOperandFunction } from './policy-function.ts';

/** ODRL `dateTime`: "the date (and optional time and timezone) of exercising the action", i.e. now. */
export const dateTimeFunction: LeftOperandFunction = {
  leftOperand: 'dateTime',
  scopes: POLICY_SCOPES,
  description: 'ODRL dateTime: the instant of the evaluation, compared with an xsd:date or xsd:dateTime',
  resolve: ({ now }) => now,
};
