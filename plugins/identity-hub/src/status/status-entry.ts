/**
 * A `credentialStatus` entry that points into a status list: BitstringStatusListEntry (VC 2.0,
 * W3C Bitstring Status List) or StatusList2021Entry (VC 1.1, StatusList2021).
 */
import { InvalidCredentialError } from '../credentials/parsed-credential.ts';

export const STATUS_ENTRY_TYPES = ['BitstringStatusListEntry', 'StatusList2021Entry'] as const;

/** The purposes that make a credential unusable while their bit is set. */
export const BLOCKING_PURPOSES = ['revocation', 'suspension'] as const;

export interface StatusEntry {
  type: (typeof STATUS_ENTRY_TYPES)[number];
  purpose: string;
  index: number;
  listUrl: string;
}

export function readStatusEntry(entry: Record<string, unknown>): StatusEntry {
  const type = entry.type;
  if (!STATUS_ENTRY_TYPES.includes(type as StatusEntry['type'])) {
    // A mechanism that cannot be checked could hide a revocation: such a credential is refused.
    throw new InvalidCredentialError(`the credential status type ${JSON.stringify(type)} is not supported (${STATUS_ENTRY_TYPES.join(', ')})`);
  }
  const { statusPurpose, statusListIndex, statusListCredential, statusSize } = entry;
  if (typeof statusPurpose !== 'string') throw new InvalidCredentialError('a credential status entry needs a statusPurpose');
  const index = typeof statusListIndex === 'number' ? statusListIndex : /^\d{1,10}$/.test(String(statusListIndex)) ? Number(statusListIndex) : NaN;
  if (!Number.isSafeInteger(index) || index < 0) throw new InvalidCredentialError('statusListIndex must be a whole number of 0 or more');
  if (typeof statusListCredential !== 'string') throw new InvalidCredentialError('a credential status entry needs a statusListCredential URL');
  if (statusSize !== undefined && Number(statusSize) !== 1) throw new InvalidCredentialError('only status lists of one bit per credential (statusSize 1) are supported');
  return { type: type as StatusEntry['type'], purpose: statusPurpose, index, listUrl: statusListCredential };
}
