/** Reading and writing DataAddress endpoint properties (authorization, authType, the token renewal profile's ones). */
import { problems } from '@tdss/sdk';
import type { DataFlow } from './data-flow.ts';
import type { DataAddress } from './messages.ts';

export function endpointProperty(address: DataAddress | null | undefined, name: string): string | undefined {
  return address?.endpointProperties?.find((property) => property.name === name)?.value;
}

/** A copy of the address with these properties set (replacing ones of the same name). */
export function withEndpointProperties(address: DataAddress, properties: Record<string, string>): DataAddress {
  const kept = (address.endpointProperties ?? []).filter((property) => !Object.hasOwn(properties, property.name));
  return { ...address, endpointProperties: [...kept, ...Object.entries(properties).map(([name, value]) => ({ name, value }))] };
}

export interface HttpPushDestination {
  endpoint: string;
  /** The `Authorization` header to send: `authorization` as a bearer token when `authType` is bearer, as the header value otherwise. */
  authorization?: string;
}

/** Where a push flow sends its data: the start message's data address, which must be an http(s) endpoint (400 otherwise). */
export function httpPushDestination(flow: DataFlow): HttpPushDestination {
  const endpoint = flow.dataAddress?.endpoint;
  if (!endpoint || !/^https?:\/\//.test(endpoint)) throw problems.badRequest('dataAddress.endpoint: a push needs an http(s) destination endpoint');
  const token = endpointProperty(flow.dataAddress, 'authorization');
  if (!token) return { endpoint };
  return { endpoint, authorization: endpointProperty(flow.dataAddress, 'authType')?.toLowerCase() === 'bearer' ? `Bearer ${token}` : token };
}
