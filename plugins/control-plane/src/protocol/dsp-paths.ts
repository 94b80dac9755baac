/**
 * Where a participant context's Dataspace Protocol endpoints live: each participant is its own
 * connector under the protocol API context, `<protocol>/<participantContextId>`, and serves
 * DSP 2025-1 below `<protocol>/<participantContextId>/2025-1`.
 */
export const DSP_VERSION = '2025-1';

/** The router-relative path of a participant's DSP 2025-1 endpoints, with its parameter. */
export const DSP_ROUTE_PREFIX = `/:participantContextId/${DSP_VERSION}`;

/** The absolute DSP 2025-1 base URL of a participant, from the protocol context's base URL. */
export function dspBaseUrl(protocolUrl: string, participantContextId: string): string {
  return `${protocolUrl.replace(/\/$/, '')}/${encodeURIComponent(participantContextId)}/${DSP_VERSION}`;
}
