/**
 * A dataspace's `acceptKeysWithoutRelationships` interop setting: in a DID document that lists no
 * key under any verification relationship (EDC IdentityHub publishes such documents, and DCP kit
 * 1.0.0-RC6 serves them), each `verificationMethod` key counts as listed under every relationship.
 * It gives up key-purpose separation for such documents only; who may sign is still decided by
 * the `kid`, which must be a key of the signer's own DID.
 */
import type { Logger } from '@tdss/sdk';

export interface KeysWithoutRelationships {
  /** Told each time verifyJws accepts a key of `did` only because of this setting. */
  accepted(did: string): void;
}

/** DIDs remembered as logged; beyond this many the memory starts over, and they are logged again. */
const MAX_NOTED = 10_000;

/** Logs at info once per DID (per dataspace) that a key was accepted this way, so operators see which counterparties rely on it. */
export function createKeysWithoutRelationships(logger: Logger, dataspace: string): KeysWithoutRelationships {
  const noted = new Set<string>();
  return {
    accepted(did) {
      if (noted.has(did)) return;
      if (noted.size >= MAX_NOTED) noted.clear();
      noted.add(did);
      logger.info(
        { dataspace, did },
        'accepted a key of a DID document that lists no verification relationship (acceptKeysWithoutRelationships): any of its keys may sign tokens, presentations and credentials',
      );
    },
  };
}
