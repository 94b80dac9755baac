/**
 * The DataAddress a consumer pulls from: the flow's endpoint on the `public` context, a bearer
 * access token bound to the flow and its token generation, and the token renewal profile's
 * refresh token, lifetime and refresh endpoint.
 */
import type { DataAddress, FlowTokens } from '@tdss/dataplane-sdk';

export const HTTP_ENDPOINT_TYPE = 'https://w3id.org/idsa/v4.1/HTTP';

export async function pullAddress(tokens: FlowTokens, base: string, flowId: string, generation: number): Promise<DataAddress> {
  const issued = await tokens.issue(flowId, generation);
  return {
    endpointType: HTTP_ENDPOINT_TYPE,
    endpoint: `${base}/flows/${encodeURIComponent(flowId)}`,
    endpointProperties: [
      { name: 'authorization', value: issued.accessToken },
      { name: 'authType', value: 'bearer' },
      { name: 'refreshToken', value: issued.refreshToken },
      { name: 'expiresIn', value: String(issued.expiresIn) },
      { name: 'refreshEndpoint', value: `${base}/token` },
    ],
  };
}
