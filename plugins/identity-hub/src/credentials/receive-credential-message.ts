/**
 * The Storage API (`POST <CredentialService>/credentials`): an issuer delivers credentials to the
 * holder. The issuer authenticates with a self-issued ID token addressed to the holder and must be
 * trusted in the holder's dataspace; every credential must verify, be issued by that issuer for
 * types it is trusted for, and be about the holder. All are checked before any is stored.
 */
import { problems } from '@tdss/sdk';
import type { DcpServices } from '../dcp/dcp-services.ts';
import { checkIssuerTrust } from '../trust/check-issuer-trust.ts';
import { InvalidCredentialError, type ParsedCredential } from './parsed-credential.ts';
import { readCredentialMessage } from './read-credential-message.ts';
import { sameType } from './same-type.ts';
import { verifyCredential } from './verify-credential.ts';
import { authenticateIssuer } from './authenticate-issuer.ts';

export async function receiveCredentialMessage(
  services: DcpServices,
  participantId: string,
  authorization: string | undefined,
  body: () => unknown,
): Promise<void> {
  const { issuer, holder, trust } = await authenticateIssuer(services, participantId, authorization);
  const message = readCredentialMessage(body());
  const origin = { issuerPid: message.issuerPid, holderPid: message.holderPid };
  if (message.status === 'REJECTED') {
    services.logger.info({ participantId, issuer, ...origin }, 'credential request rejected by the issuer');
    return;
  }
  const accepted: ParsedCredential[] = [];
  for (const [index, container] of message.credentials.entries()) {
    try {
      const credential = await verifyCredential(container.payload, {
        resolver: services.resolver,
        keysWithoutRelationships: trust.keysWithoutRelationships,
        holder,
        now: services.now(),
        clockSkewMs: services.clockSkewMs,
      });
      if (credential.issuer !== issuer) throw new InvalidCredentialError(`it was issued by ${credential.issuer}, not by ${issuer} who delivers it`);
      if (container.format !== 'jwt' && container.format !== credential.format) throw new InvalidCredentialError(`it is a ${credential.format} credential, not ${container.format}`);
      if (!credential.types.some((type) => sameType(type, container.credentialType))) throw new InvalidCredentialError(`it is not a ${container.credentialType}`);
      checkIssuerTrust(trust, credential);
      accepted.push(credential);
    } catch (error) {
      if (error instanceof InvalidCredentialError) throw problems.badRequest(`credentials[${index}]: ${error.message}`);
      throw error;
    }
  }
  for (const credential of accepted) await services.credentials.store(participantId, credential, origin);
}
