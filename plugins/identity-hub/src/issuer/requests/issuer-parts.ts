import type { StateMachine } from '@tdss/state-machine';
import type { CredentialDefinitions } from '../definitions/create-credential-definitions.ts';
import type { IssuerDeps } from '../issuer-deps.ts';
import type { IssuanceRequestRecord } from '../storage/issuance-request-record.ts';

/** The issuer's services and its issuance state machine, as the request handlers use them. */
export interface IssuerParts {
  deps: IssuerDeps;
  definitions: CredentialDefinitions;
  machine: StateMachine<IssuanceRequestRecord>;
}

/** Where the holder's access token for the delivery is kept, under the issuer's scope. */
export const accessTokenKey = (requestId: string) => `issuance-requests/${requestId}/access-token`;
