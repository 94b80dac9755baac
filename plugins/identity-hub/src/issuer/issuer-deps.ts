import type { Database, SecretStore } from '@tdss/sdk';
import type { DcpServices } from '../dcp/dcp-services.ts';

/** What the issuer's parts share: the DCP services (DIDs, keys, resolver, STS, token rules) and its own settings. */
export interface IssuerDeps {
  db: Database;
  dcp: DcpServices;
  secrets: SecretStore;
  /** `<credentialServiceBaseUrl>/<participantId>/issuer`: the IssuerService endpoint of a participant. */
  issuerBaseUrl(participantId: string): string;
  /** Reach holders' credential services on loopback over plain http (tests). */
  httpLoopback: boolean;
  timeoutMs: number;
}
