/**
 * A definition's signing key must be one the issuer can sign credentials with that verifiers
 * accept: a key pair of the participant, listed under assertionMethod in its DID document as
 * served now (verifiers check credentials there), and still holding its private key. Under the
 * key lifecycle only the ACTIVATED key does: a ROTATED key stays in the document but its private
 * key is gone, CREATED and REVOKED keys are not in the document.
 */
import { unlessNotFound } from '@tdss/sdk';
import { hasRelationship } from '../../did/did-document.ts';
import type { IssuerDeps } from '../issuer-deps.ts';
import { fieldProblem } from './field-problem.ts';

export async function checkSigningKey(deps: IssuerDeps, participantId: string, keyPairId: string): Promise<void> {
  const key = await unlessNotFound(deps.dcp.keys.get(participantId, keyPairId));
  if (!key) throw fieldProblem('signingKeyPairId', `names no key pair of participant ${participantId}`);
  const document = await deps.dcp.dids.document(participantId);
  const asserted = document !== undefined && hasRelationship(document, key.verificationMethodId, 'assertionMethod');
  if (!asserted) throw fieldProblem('signingKeyPairId', `names key pair ${keyPairId} (${key.state}), which is not under assertionMethod in the DID document: verifiers would refuse what it signs`);
  if (key.state !== 'ACTIVATED') throw fieldProblem('signingKeyPairId', `names key pair ${keyPairId}, which was ${key.state}: its private key is destroyed and signs nothing; name its successor`);
}
