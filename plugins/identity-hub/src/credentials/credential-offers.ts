import { randomUUID } from 'node:crypto';
import { createServiceToken, type Database, type Logger, type Page } from '@tdss/sdk';
import { checkParticipantId } from '../participants/participant-id.ts';
import { CredentialOfferRecord } from '../storage/credential-offer-record.ts';
import type { CredentialOfferMessage } from './read-credential-offer-message.ts';

export interface CredentialOffer {
  id: string;
  participantId: string;
  issuer: string;
  credentials: Array<Record<string, unknown>>;
  createdAt: Date;
}

/** The credential offers participants received, each reachable only under its own participant. */
export interface CredentialOffers {
  record(participantId: string, offer: CredentialOfferMessage): Promise<CredentialOffer>;
  list(participantId: string, page?: { offset?: number; limit?: number }): Promise<Page<CredentialOffer>>;
}

export const CredentialOffers = createServiceToken<CredentialOffers>('tdss.CredentialOffers', {
  description: 'Credential offers that trusted issuers sent to participants through the DCP Credential Offer API.',
  providedBy: ['@tdss/identity-hub'],
});

export function createCredentialOffers(options: { db: Database; logger: Logger }): CredentialOffers {
  const { db, logger } = options;
  const repo = (participantId: string) => db.tenantRepository(CredentialOfferRecord, checkParticipantId(participantId));
  return {
    async record(participantId, offer) {
      const record = await repo(participantId).create({ id: randomUUID(), issuer: offer.issuer, credentials: JSON.stringify(offer.credentials) });
      logger.info({ participantId, credentialOfferId: record.id, issuer: offer.issuer, offered: offer.credentials.length }, 'credential offer received');
      return toOffer(record);
    },
    async list(participantId, page = {}) {
      const result = await repo(participantId).find({}, { ...page, orderBy: { createdAt: 'asc' } });
      return { ...result, items: result.items.map(toOffer) };
    },
  };
}

function toOffer(record: CredentialOfferRecord): CredentialOffer {
  return {
    id: record.id,
    participantId: record.tenantId,
    issuer: record.issuer,
    credentials: JSON.parse(record.credentials) as CredentialOffer['credentials'],
    createdAt: record.createdAt,
  };
}
