import type { CredentialObject, OfferReason } from '../issuer-metadata.ts';

/** What an operator offers a holder: credentials of the issuer's definitions, and why. */
export interface NewCredentialOffer {
  holderDid: string;
  definitionIds: string[];
  offerReason: OfferReason;
}

/** The CredentialOfferMessage the holder's credential service took. */
export interface CredentialOfferMessage {
  '@context': string[];
  type: 'CredentialOfferMessage';
  issuer: string;
  credentials: CredentialObject[];
}
