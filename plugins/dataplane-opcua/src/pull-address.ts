/**
 * The DataAddress a consumer pulls from: the flow's endpoint on the `public` context (`/values` for
 * the current values, `/stream` for data changes) and a bearer access token bound to the flow and
 * its token generation.
 */
import type { DataAddress, FlowTokens } from '@tdss/dataplane-sdk';

export const HTTP_ENDPOINT_TYPE = 'https://w3id.org/idsa/v4.1/HTTP';

export async function pullAddress(tokens: FlowTokens, base: string, flowId: string, generation: number): Promise<DataAddress> {
  const issued = await tokens.issue(flowId, generation);
  const endpoint = `${base}/flows/${encodeURIComponent(flowId)}`;
  return {
    endpointType: HTTP_ENDPOINT_TYPE,
    endpoint,
    endpointProperties: [
      { name: 'authorization', value: issued.accessToken },
      { name: 'authType', value: 'bearer' },
      { name: 'expiresIn', value: String(issued.expiresIn) },
      { name: 'valuesEndpoint', value: `${endpoint}/values` },
      { name: 'streamEndpoint', value: `${endpoint}/stream` },
    ],
  };
}
