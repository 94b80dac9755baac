import type { Test } from 'tap';
import type { TenantRuntime } from './tenant-runtime.ts';

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Gives a participant an open policy, an HttpData asset at `baseUrl` and a contract definition offering it, through its management API. */
export async function createOpenOffer(t: Test, runtime: TenantRuntime, participant: string, asset: { id: string; baseUrl: string; contractDefinitionId: string }) {
  const base = `${runtime.server.url('management')}/v1/participants/${participant}`;
  const open = { '@id': 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } };
  t.equal((await fetch(`${base}/policydefinitions`, json(open))).status, 201);
  t.equal((await fetch(`${base}/assets`, json({ '@id': asset.id, properties: { name: asset.id }, dataAddress: { type: 'HttpData', baseUrl: asset.baseUrl } }))).status, 201);
  t.equal((await fetch(`${base}/contractdefinitions`, json({ '@id': asset.contractDefinitionId, accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: [] }))).status, 201);
}
