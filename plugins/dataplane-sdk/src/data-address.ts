/** Reading and writing DataAddress endpoint properties (authorization, authType, the token renewal profile's ones). */
import type { DataAddress } from './messages.ts';

export function endpointProperty(address: DataAddress | null | undefined, name: string): string | undefined {
  return address?.endpointProperties?.find((property) => property.name === name)?.value;
}

/** A copy of the address with these properties set (replacing ones of the same name). */
export function withEndpointProperties(address: DataAddress, properties: Record<string, string>): DataAddress {
  const kept = (address.endpointProperties ?? []).filter((property) => !Object.hasOwn(properties, property.name));
  return { ...address, endpointProperties: [...kept, ...Object.entries(properties).map(([name, value]) => ({ name, value }))] };
}
