import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { stateMachineProperties } from '@tdss/state-machine';

export const ISSUANCE_REQUESTS_TABLE = 'identity_hub_issuer_requests';

/**
 * A holder's CredentialRequestMessage as the issuer (tenantId) keeps it: a row of the issuance
 * state machine. Its id is the `issuerPid`; one holder's `holderPid` names one request, so a
 * holder that sends its request again gets the same one back.
 */
export const IssuanceRequestRecord = defineEntity({
  name: 'IdentityHubIssuanceRequest',
  tableName: ISSUANCE_REQUESTS_TABLE,
  properties: {
    id: p.string().primary(),
    tenantId: p.string(),
    holderDid: p.string(),
    holderPid: p.string(),
    /** JSON text: the ids of the credential definitions requested. */
    definitionIds: p.text(),
    /** Why the request was refused; sent to the holder, so it never holds anything confidential. */
    rejectionReason: p.text().nullable(),
    /** Why delivery failed for good: for the operator only. */
    errorDetail: p.text().nullable(),
    /** Whether the holder's ID token carried an access token, kept in the SecretStore for the delivery. */
    hasAccessToken: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    ...stateMachineProperties(),
  },
});
export type IssuanceRequestRecord = InferEntity<typeof IssuanceRequestRecord>;
