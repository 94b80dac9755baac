/**
 * The ids the DSP kit's sample configuration uses (test/conformance/README.md): datasets ACNxxyy
 * (provider negotiations, offered as `CD123:ACNxxyy:456`), ACNCxxyy (consumer negotiations),
 * agreements ATPxxyy (provider transfers) and ATPCxxyy (consumer transfers), catalog datasets
 * CAT010y (CAT0103 must not exist).
 */

/** The contract definition the kit's offer ids name (`CD123:<dataset>:456`). */
export const TCK_CONTRACT_DEFINITION = 'CD123';
export const TCK_OFFER_NONCE = '456';

export const CATALOG_DATASETS = ['CAT0101', 'CAT0102'] as const;

/** Dataset every seeded transfer agreement targets. */
export const TRANSFER_DATASET = 'CAT0101';

const ids = (prefix: string, groups: Record<string, number>) =>
  Object.entries(groups).flatMap(([group, count]) => Array.from({ length: count }, (_, i) => `${prefix}${group}${String(i + 1).padStart(2, '0')}`));

export const PROVIDER_NEGOTIATION_DATASETS = ids('ACN', { '01': 4, '02': 7, '03': 4 });
export const CONSUMER_NEGOTIATION_DATASETS = ids('ACNC', { '01': 4, '02': 6, '03': 6 });
export const PROVIDER_TRANSFER_AGREEMENTS = ids('ATP', { '01': 5, '02': 5, '03': 6 });
export const CONSUMER_TRANSFER_AGREEMENTS = ids('ATPC', { '01': 5, '02': 5, '03': 6 });

/** The offer id the kit requests for a provider dataset. */
export function tckOfferId(datasetId: string): string {
  return `${TCK_CONTRACT_DEFINITION}:${datasetId}:${TCK_OFFER_NONCE}`;
}
