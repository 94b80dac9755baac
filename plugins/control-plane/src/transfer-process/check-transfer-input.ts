/** Checks of what a client or counterparty hands a transfer: each a 400 naming the member. */
import { type DataAddress as DspDataAddress, validateDsp } from '@tdss/json-ld';
import { problems } from '@tdss/sdk';
import { MAX_ID_LENGTH } from './transfer-process.ts';

/** Addresses we send to: "The HTTPS scheme MUST be supported"; plain http serves loopback and tests. */
export function checkHttpUrl(member: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || value.length > 2048) {
    throw problems.badRequest(`${member}: must be an absolute http(s) URL of at most 2048 characters`);
  }
  return value;
}

export function checkLength(member: string, value: string): string {
  if (value.length === 0 || value.length > MAX_ID_LENGTH) throw problems.badRequest(`${member}: must have 1 to ${MAX_ID_LENGTH} characters`);
  return value;
}

/** A DSP DataAddress (`@type`, `endpointType`, optional `endpoint` and `endpointProperties`). */
export function checkDataAddress(member: string, value: unknown): DspDataAddress {
  const issues = validateDsp('DataAddress', value);
  if (issues.length) throw problems.badRequest(`${member}: not a DSP DataAddress: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`);
  return value as DspDataAddress;
}
