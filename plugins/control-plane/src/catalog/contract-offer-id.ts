/**
 * An offer in our catalog is one asset under one contract definition. Its id says which, so a
 * contract request can be traced back to the policy it was offered under:
 * `<contractDefinitionId>:<assetId>:<nonce>`, each part percent-encoded so that it holds no `:`.
 */
import { randomUUID } from 'node:crypto';

export interface ContractOfferId {
  contractDefinitionId: string;
  assetId: string;
  /** Distinguishes offers of the same pair, e.g. after the policy changed. */
  nonce: string;
}

export function formatContractOfferId(id: Omit<ContractOfferId, 'nonce'> & { nonce?: string }): string {
  return [id.contractDefinitionId, id.assetId, id.nonce ?? randomUUID()].map(encodeURIComponent).join(':');
}

/** Undefined when the id is not one of ours: the provider answers that with an error. */
export function parseContractOfferId(text: string): ContractOfferId | undefined {
  const parts = text.split(':');
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) return undefined;
  try {
    const [contractDefinitionId, assetId, nonce] = parts.map((part) => decodeURIComponent(part)) as [string, string, string];
    return { contractDefinitionId, assetId, nonce };
  } catch {
    return undefined;
  }
}
