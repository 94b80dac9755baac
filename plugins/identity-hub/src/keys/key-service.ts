import { createServiceToken, type Page } from '@tdss/sdk';
import type { KeyAlgorithm, KeyPair, KeyPairState } from './key-pair.ts';

export interface NewKeyPair {
  /** Default: the plugin's defaultKeyAlgorithm. */
  algorithm?: KeyAlgorithm;
  /** The DID URL fragment; default `key-<random>`. Unique per participant. */
  keyId?: string;
}

export interface KeyPairQuery {
  state?: KeyPairState;
  offset?: number;
  limit?: number;
}

export interface SignOptions {
  /** The JWS `typ` header, e.g. `JWT`. */
  typ?: string;
  /** Further protected header members; `alg` and `kid` are always the key's own. */
  header?: Record<string, unknown>;
}

/**
 * Key pairs per participant. Every method takes the participant id and only ever sees that
 * participant's keys: another participant's key pair id is a 404 problem. Private keys never
 * leave the service; it signs with them where they live.
 */
export interface KeyService {
  /** Generates a key pair (CREATED), and activates it when `activate` is true and none is active. */
  create(participantId: string, options?: NewKeyPair & { activate?: boolean }): Promise<KeyPair>;
  /** CREATED → ACTIVATED; a 409 problem while another key is active (rotate that one instead). */
  activate(participantId: string, keyPairId: string): Promise<KeyPair>;
  /**
   * Creates and activates a successor and turns the active key ROTATED: its private key is
   * destroyed, its public key stays in the DID document until it is revoked.
   */
  rotate(participantId: string, keyPairId: string, successor?: NewKeyPair): Promise<{ rotated: KeyPair; successor: KeyPair }>;
  /** Any state → REVOKED: out of the DID document, private key destroyed. */
  revoke(participantId: string, keyPairId: string): Promise<KeyPair>;
  get(participantId: string, keyPairId: string): Promise<KeyPair>;
  list(participantId: string, query?: KeyPairQuery): Promise<Page<KeyPair>>;
  /**
   * A JWS in compact serialization over `payload`, signed with the participant's active key:
   * `alg` EdDSA (Ed25519) or ES256 (P-256), `kid` the key's DID URL. A 409 problem when the
   * participant has no active key.
   */
  sign(participantId: string, payload: Uint8Array | string, options?: SignOptions): Promise<string>;
}

export const KeyService = createServiceToken<KeyService>('tdss.KeyService', {
  description: 'Ed25519 and P-256 key pairs per participant: create, activate, rotate, revoke, and sign with the active key.',
  providedBy: ['@tdss/identity-hub'],
});
