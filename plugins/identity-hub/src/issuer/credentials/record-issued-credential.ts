/**
 * The credential a request gets for a definition, made once: a new status list entry at a random
 * index, and the content fixed for every later signature. A run that comes again (a retry, a
 * replica resuming) finds the credential the first one made.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { ProblemError } from '@tdss/sdk';
import type { CredentialDefinition } from '../definitions/credential-definition.ts';
import type { IssuerDeps } from '../issuer-deps.ts';
import type { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';
import { IssuedCredentialRecord } from '../storage/issued-credential-record.ts';
import { currentStatusList } from '../status-lists/current-status-list.ts';

/** Draws of a free index before giving up (the attempt is retried by the machine). */
const MAX_DRAWS = 8;

export async function recordIssuedCredential(
  deps: IssuerDeps,
  request: Readonly<IssuanceRequestRecord>,
  definition: CredentialDefinition,
  claims: Record<string, unknown>,
): Promise<IssuedCredentialRecord> {
  const repo = deps.db.tenantRepository(IssuedCredentialRecord, request.tenantId);
  const existing = () => repo.findOne({ requestId: request.id, definitionId: definition.id });
  const found = await existing();
  if (found) return found;
  const validFrom = deps.dcp.now();
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const list = await currentStatusList(deps.db, request.tenantId);
    try {
      return await repo.create({
        id: randomUUID(),
        requestId: request.id,
        definitionId: definition.id,
        credentialId: `urn:uuid:${randomUUID()}`,
        credentialType: definition.credentialType,
        format: definition.format,
        holderDid: request.holderDid,
        claims: JSON.stringify({ ...definition.claims, ...claims }),
        credentialSchema: definition.credentialSchema ?? null,
        statusListId: list.id,
        statusListIndex: randomInt(list.size),
        validFrom,
        validUntil: new Date(validFrom.getTime() + definition.validitySeconds * 1000),
      });
    } catch (error) {
      if (!(error instanceof ProblemError && error.status === 409)) throw error;
      // Either another run made this credential meanwhile, or the index was taken: draw again.
      const made = await existing();
      if (made) return made;
    }
  }
  throw new Error(`no free status list index after ${MAX_DRAWS} draws`);
}
