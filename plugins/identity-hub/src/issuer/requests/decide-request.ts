/**
 * An operator's decision on a request waiting for approval (an operatorApproval attestation):
 * approved, it goes on to issuing, where the other attestations are checked again; rejected, the
 * holder is told the reason. Deciding again the same way changes nothing; the other way is a 409.
 */
import { problems } from '@tdss/sdk';
import type { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';
import { type IssuanceRequest, toIssuanceRequest } from './issuance-request.ts';
import type { IssuerParts } from './issuer-parts.ts';

export async function decideRequest(
  parts: IssuerParts,
  participantId: string,
  requestId: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<IssuanceRequest> {
  const { deps, machine } = parts;
  const to = decision.approve ? 'ISSUING' : 'REJECTING';
  const changes = decision.approve ? {} : { rejectionReason: decision.reason };
  const result = await deps.db.transactional((em) =>
    machine.apply(em, { id: requestId, tenantId: participantId, from: ['PENDING_APPROVAL'], to, changes }),
  );
  if (result.result === 'not-found') throw problems.notFound(`participant ${participantId} has no issuance request ${requestId}`);
  if (result.result === 'refused') throw problems.conflict(`issuance request ${requestId} is ${result.state}; only a request waiting for approval can be decided`);
  if (result.result === 'applied') {
    deps.dcp.logger.info({ participantId, requestId, decision: to }, 'issuance request decided by the operator');
    if (result.due) void machine.kick(requestId);
  }
  return toIssuanceRequest(result.row as IssuanceRequestRecord);
}
