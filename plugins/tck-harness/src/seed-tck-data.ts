/**
 * Seeds the participant context the kit talks to: one policy that permits everyone, the catalog
 * and negotiation datasets as assets, contract definition CD123 over all of them (the kit's offer
 * ids are `CD123:<dataset>:456`), and the agreements of the transfer tests on both sides.
 *
 * Assets, policies and definitions have no in-process write service, so they go through the
 * management API, which answers 503 until the whole runtime has started: seeding runs after start
 * and retries until then.
 */
import type { ContractAgreements } from '@tdss/control-plane';
import type { Agreement } from '@tdss/json-ld';
import type { TckHarnessSettings } from './settings.ts';
import {
  CATALOG_DATASETS,
  CONSUMER_TRANSFER_AGREEMENTS,
  PROVIDER_NEGOTIATION_DATASETS,
  PROVIDER_TRANSFER_AGREEMENTS,
  TCK_CONTRACT_DEFINITION,
  TRANSFER_DATASET,
} from './tck-ids.ts';

const EVERYONE_POLICY = 'tck-everyone';
const EVERYONE = { permission: [{ action: 'use' }] };
const SIGNED_AT = '2025-01-01T00:00:00Z';

export async function seedTckData(managementUrl: string, agreements: ContractAgreements, settings: TckHarnessSettings, deadline: number): Promise<void> {
  const post = (path: string, body: unknown) => postCreated(`${managementUrl}${path}`, body, deadline);
  const pc = settings.participantContextId;
  const base = `/v1/participants/${encodeURIComponent(pc)}`;
  await post('/v1/participants', { id: pc, participantId: settings.participantId });
  await post(`${base}/policydefinitions`, { '@id': EVERYONE_POLICY, policy: EVERYONE });
  for (const id of [...CATALOG_DATASETS, ...PROVIDER_NEGOTIATION_DATASETS]) {
    await post(`${base}/assets`, { '@id': id, properties: { name: id }, dataAddress: { type: 'HttpData', baseUrl: `http://127.0.0.1/tck-harness/data/${id}` } });
  }
  await post(`${base}/contractdefinitions`, { '@id': TCK_CONTRACT_DEFINITION, accessPolicyId: EVERYONE_POLICY, contractPolicyId: EVERYONE_POLICY, assetsSelector: [] });

  const agreement = (id: string, assigner: string, assignee: string): Agreement => ({ '@id': id, '@type': 'Agreement', target: TRANSFER_DATASET, assigner, assignee, timestamp: SIGNED_AT, ...EVERYONE });
  for (const id of PROVIDER_TRANSFER_AGREEMENTS) await createOnce(agreements, pc, agreement(id, settings.participantId, settings.counterpartyId));
  for (const id of CONSUMER_TRANSFER_AGREEMENTS) await createOnce(agreements, pc, agreement(id, settings.counterpartyId, settings.participantId));
}

/** A restarted runtime on the same database finds its seeds already there: 409 is success. */
async function createOnce(agreements: ContractAgreements, pc: string, agreement: Agreement): Promise<void> {
  await agreements.create(pc, agreement).catch((error: unknown) => {
    if ((error as { status?: number }).status !== 409) throw error;
  });
}

async function postCreated(url: string, body: unknown, deadline: number): Promise<void> {
  for (;;) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => undefined);
    if (response?.status === 201 || response?.status === 409) return;
    if (response && response.status !== 503) {
      throw new Error(`tck-harness: seeding ${url} failed with ${response.status}: ${await response.text()}`);
    }
    if (Date.now() > deadline) throw new Error(`tck-harness: the management API at ${url} did not become ready; seeding gave up`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
