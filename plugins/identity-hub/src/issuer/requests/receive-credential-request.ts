/**
 * The Credential Request API (`POST <IssuerService>/credentials`). The holder authenticates with
 * a self-issued ID token addressed to the issuer (signature under the holder DID's
 * capabilityInvocation, time claims, a jti never used before). The attestations are decided at
 * once, so the request starts waiting for an operator, issuing, or rejecting; delivery runs
 * later on the issuance state machine. A holder that sends its holderPid again gets its first
 * request back.
 */
import { randomUUID } from 'node:crypto';
import { ProblemError, problems } from '@tdss/sdk';
import { selfIssuedTokenRules } from '../../dcp/dcp-services.ts';
import { bearerToken } from '../../tokens/bearer-token.ts';
import { verifySelfIssuedToken } from '../../tokens/verify-self-issued-token.ts';
import { evaluateAttestations } from '../attestations/evaluate-attestations.ts';
import type { CredentialDefinition } from '../definitions/credential-definition.ts';
import { BINDING_METHODS } from '../issuer-metadata.ts';
import { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';
import type { IssuanceState } from './issuance-request.ts';
import { issuerDid } from './issuer-did.ts';
import { accessTokenKey, type IssuerParts } from './issuer-parts.ts';
import { readCredentialRequestMessage } from './read-credential-request-message.ts';

export async function receiveCredentialRequest(parts: IssuerParts, participantId: string, authorization: string | undefined, body: () => unknown): Promise<{ id: string }> {
  const { deps, definitions, machine } = parts;
  const issuer = await issuerDid(deps, definitions, participantId);
  const { issuer: holder, claims } = await verifySelfIssuedToken(bearerToken(authorization), selfIssuedTokenRules(deps.dcp, participantId, issuer));
  if (!BINDING_METHODS.some((method) => holder.startsWith(`${method}:`))) {
    throw problems.badRequest(`this issuer binds credentials to ${BINDING_METHODS.join(', ')} holders (its bindingMethods), not to ${holder.split(':', 2).join(':')}`);
  }
  const message = readCredentialRequestMessage(body());
  const repo = deps.db.tenantRepository(IssuanceRequestRecord, participantId);
  const repeated = await repo.findOne({ holderDid: holder, holderPid: message.holderPid });
  if (repeated) return sameRequest(repeated, message.credentialIds);

  const requested: CredentialDefinition[] = [];
  for (const [index, id] of message.credentialIds.entries()) {
    const definition = await definitions.find(participantId, id);
    if (!definition) throw problems.badRequest(`credentials[${index}].id ${JSON.stringify(id)} is not a credential this issuer offers (see its metadata)`);
    requested.push(definition);
  }
  const { state, rejectionReason } = decide(requested, holder);
  const accessToken = typeof claims.token === 'string' && claims.token.length > 0 ? claims.token : undefined;
  const id = randomUUID();
  try {
    await repo.create({
      id,
      holderDid: holder,
      holderPid: message.holderPid,
      definitionIds: JSON.stringify(requested.map((d) => d.id)),
      rejectionReason: rejectionReason ?? null,
      hasAccessToken: accessToken !== undefined,
      ...machine.initial(state),
    });
  } catch (error) {
    // The same request arrived twice at once: the second gets the first.
    const first = error instanceof ProblemError && error.status === 409 ? await repo.findOne({ holderDid: holder, holderPid: message.holderPid }) : null;
    if (!first) throw error;
    return sameRequest(first, message.credentialIds);
  }
  if (accessToken !== undefined) await deps.secrets.put(participantId, accessTokenKey(id), accessToken);
  deps.dcp.logger.info({ participantId, requestId: id, holder, holderPid: message.holderPid, state, types: requested.map((d) => d.credentialType) }, 'credential request received');
  if (machine.hasProcessor(state)) void machine.kick(id);
  return { id };
}

/** The request's first state from the attestations of every definition: the first refusal rejects it all. */
function decide(requested: CredentialDefinition[], holder: string): { state: IssuanceState; rejectionReason?: string } {
  let awaitingApproval = false;
  for (const definition of requested) {
    const verdict = evaluateAttestations(definition.attestations, holder, definition.credentialType, false);
    if (verdict.decision === 'reject') return { state: 'REJECTING', rejectionReason: verdict.reason };
    awaitingApproval ||= verdict.decision === 'approval';
  }
  return { state: awaitingApproval ? 'PENDING_APPROVAL' : 'ISSUING' };
}

function sameRequest(record: IssuanceRequestRecord, credentialIds: string[]): { id: string } {
  const ids = JSON.parse(record.definitionIds) as string[];
  if (ids.length !== credentialIds.length || !credentialIds.every((id) => ids.includes(id))) {
    throw problems.conflict(`holderPid ${record.holderPid} already names a request for other credentials`);
  }
  return { id: record.id };
}
