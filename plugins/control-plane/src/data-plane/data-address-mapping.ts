/** DSP data addresses (JSON-LD typed) and DPS ones (plain) are the same fields; only `@type` differs. */
import type { DataAddress as DpsDataAddress } from '@tdss/dataplane-sdk';
import type { DataAddress as DspDataAddress } from '@tdss/json-ld';

export function toDpsAddress(address: DspDataAddress): DpsDataAddress {
  return {
    endpointType: address.endpointType,
    ...(address.endpoint === undefined ? {} : { endpoint: address.endpoint }),
    ...(address.endpointProperties ? { endpointProperties: address.endpointProperties.map(({ name, value }) => ({ name, value })) } : {}),
  };
}

export function toDspAddress(address: DpsDataAddress): DspDataAddress {
  return {
    '@type': 'DataAddress',
    endpointType: address.endpointType,
    ...(address.endpoint === undefined ? {} : { endpoint: address.endpoint }),
    ...(address.endpointProperties ? { endpointProperties: address.endpointProperties.map(({ name, value }) => ({ '@type': 'EndpointProperty' as const, name, value })) } : {}),
  };
}
