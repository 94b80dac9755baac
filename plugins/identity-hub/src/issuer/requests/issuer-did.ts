import { problems } from '@tdss/sdk';
import type { CredentialDefinitions } from '../definitions/create-credential-definitions.ts';
import type { IssuerDeps } from '../issuer-deps.ts';

/** The DID of a participant that issues (has a DID and a credential definition); a 404 problem for any other path. */
export async function issuerDid(deps: IssuerDeps, definitions: CredentialDefinitions, participantId: string): Promise<string> {
  const did = (await deps.dcp.dids.find(participantId))?.did;
  if (!did || !(await definitions.any(participantId))) throw problems.notFound('no issuer service is at this path');
  return did;
}
