/**
 * The body of `POST …/transferprocesses`, shaped after EDC's TransferRequest: `counterPartyAddress`
 * (the provider's DSP 2025-1 base), `counterPartyId` (optional: the agreement names the provider),
 * `contractId` (the agreement id), `transferType` and, for push, `dataDestination` as a DSP
 * DataAddress. The spellings `counterpartyAddress` and `counterpartyId` are accepted too.
 */
import { readEdcDocument } from '../management/read-edc-document.ts';
import { createValidationIssues, isJsonObject } from '../management/validation-issues.ts';
import type { NewTransferProcess } from './transfer-process-tokens.ts';

/** The protocol EDC clients name; the only one this control plane speaks. */
export const DSP_PROTOCOL = 'dataspace-protocol-http:2025-1';

const ALIASES: Readonly<Record<string, string>> = {
  counterPartyAddress: 'counterpartyAddress',
  counterpartyAddress: 'counterpartyAddress',
  counterPartyId: 'counterpartyId',
  counterpartyId: 'counterpartyId',
  contractId: 'contractId',
  transferType: 'transferType',
  dataDestination: 'dataDestination',
  protocol: 'protocol',
};

export function readTransferRequestInput(body: unknown): NewTransferProcess {
  const issues = createValidationIssues();
  const doc = readEdcDocument(body, issues, 'TransferRequest');
  if (!doc) throw issues.toProblem('transfer request');
  const values = new Map<string, { value: unknown; path: string }>();
  for (const [key, field] of doc.fields) {
    const member = ALIASES[key];
    if (member === undefined) issues.add(field.path, `unknown member; known: ${Object.keys(ALIASES).join(', ')}`);
    else if (values.has(member)) issues.add(field.path, `names the same member as ${values.get(member)!.path}; give it once`);
    else values.set(member, field);
  }
  const text = (member: string, required: boolean): string | undefined => {
    const field = values.get(member);
    if (field === undefined) {
      if (required) issues.add(member, 'required');
      return undefined;
    }
    if (typeof field.value !== 'string' || field.value.length === 0) {
      issues.add(field.path, 'must be a non-empty string');
      return undefined;
    }
    return field.value;
  };
  const counterpartyAddress = text('counterpartyAddress', true);
  const counterpartyId = text('counterpartyId', false);
  const agreementId = text('contractId', true);
  const transferType = text('transferType', true);
  const protocol = text('protocol', false);
  if (protocol !== undefined && protocol !== DSP_PROTOCOL) issues.add(values.get('protocol')!.path, `must be ${DSP_PROTOCOL}, the protocol this control plane speaks`);
  const destination = values.get('dataDestination');
  if (destination !== undefined && !isJsonObject(destination.value)) issues.add(destination.path, 'must be a DSP DataAddress object (endpointType, endpoint, endpointProperties)');
  issues.throwIfAny('transfer request');
  return {
    counterpartyAddress: counterpartyAddress!,
    agreementId: agreementId!,
    transferType: transferType!,
    ...(counterpartyId === undefined ? {} : { counterpartyId }),
    // The service checks the address against the DSP schema; `@type` may be left out here.
    ...(destination === undefined ? {} : { dataDestination: { '@type': 'DataAddress', ...(destination.value as object) } as NewTransferProcess['dataDestination'] }),
  };
}
