/**
 * Where our messages about a process go, and the parts they share. A consumer sends to the
 * provider's DSP base (`<base>/transfers/:providerPid/…`), a provider to the consumer's
 * callbackAddress (`<callback>/transfers/:consumerPid/…`): both append the counterparty's pid,
 * and a trailing slash of the address is dropped, as the binding asks.
 */
import type { TransferProcessRow } from './transfer-process.ts';

export type ProcessEndpoint = 'start' | 'completion' | 'suspension' | 'termination';

export function requestUrl(providerBase: string): string {
  return `${withoutSlash(providerBase)}/transfers/request`;
}

export function processUrl(row: TransferProcessRow, endpoint: ProcessEndpoint): string {
  return `${withoutSlash(row.counterpartyAddress)}/transfers/${encodeURIComponent(row.correlationPid!)}/${endpoint}`;
}

export function pidsOf(row: TransferProcessRow): { providerPid: string; consumerPid: string } {
  const theirs = row.correlationPid ?? '';
  return row.role === 'PROVIDER' ? { providerPid: row.id, consumerPid: theirs } : { providerPid: theirs, consumerPid: row.id };
}

/** `reason` of a suspension or termination message, when the process has one. */
export function reasonOf(row: TransferProcessRow): { reason?: string[] } {
  return row.errorDetail ? { reason: [row.errorDetail] } : {};
}

function withoutSlash(address: string): string {
  return address.replace(/\/+$/, '');
}
