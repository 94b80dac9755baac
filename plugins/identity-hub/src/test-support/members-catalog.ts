/**
 * Test helpers for DSP over DCP: a provider participant context (control plane) whose only
 * dataset is offered to holders of a gold MembershipCredential, and a consumer's catalog request
 * to it with a token from the consumer's own identity hub. Not part of the build.
 */
import type { DspIdentityService } from '@tdss/sdk';
import type { Test } from 'tap';
import type { IdentityRuntime } from './identity-runtime.ts';

/** Creates participant context `id` (participant id `did`) with the members-only dataset `report`. */
export async function offerMembersOnlyCatalog(t: Test, hub: IdentityRuntime, id: string, did: string): Promise<void> {
  const members = { permission: [{ action: 'use', constraint: [{ leftOperand: 'MembershipCredential.level', operator: 'eq', rightOperand: 'gold' }] }] };
  const asset = { '@id': 'report', properties: { name: 'report' }, dataAddress: { type: 'HttpData', baseUrl: `https://${id}.example/report` } };
  const steps: Array<[string, unknown]> = [
    ['/v1/participants', { id, participantId: did }],
    [`/v1/participants/${id}/policydefinitions`, { '@id': 'members', policy: members }],
    [`/v1/participants/${id}/assets`, asset],
    [`/v1/participants/${id}/contractdefinitions`, { '@id': 'members-only', accessPolicyId: 'members', contractPolicyId: 'members', assetsSelector: [] }],
  ];
  for (const [path, body] of steps) t.equal((await hub.api('POST', path, body)).status, 201, `POST ${path}`);
}

/** A DSP CatalogRequestMessage of `consumer` to the provider's participant context, authorized by the consumer's identity service. */
export async function requestCatalog(
  consumer: { identity: DspIdentityService; id: string; did: string },
  provider: { protocolUrl: string; id: string; did: string },
): Promise<{ status: number; body: Record<string, any> }> {
  const address = `${provider.protocolUrl}/${provider.id}/2025-1`;
  const authorization = await consumer.identity.authorize({ participantContextId: consumer.id, participantId: consumer.did, counterpartyId: provider.did, counterpartyAddress: address });
  const response = await fetch(`${address}/catalog/request`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
