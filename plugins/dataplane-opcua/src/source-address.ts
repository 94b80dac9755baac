/**
 * The asset's data address, sent by the control plane in the start message's metadata
 * (`sourceDataAddress`), read and checked without touching the server: a 400 problem names what is
 * wrong, so a transfer of an asset this data plane cannot serve ends at its start.
 *
 * ```json
 * { "type": "OpcUa", "endpointUrl": "opc.tcp://plant:4840",
 *   "nodes": ["ns=1;s=Line1.Temperature"], "browsePaths": ["/Objects/1:Plant.1:Counter"],
 *   "securityMode": "SignAndEncrypt", "securityPolicy": "Basic256Sha256",
 *   "identity": { "type": "UserName", "userName": "reader", "passwordSecret": "plant-password" },
 *   "samplingIntervalMs": 100, "publishingIntervalMs": 250 }
 * ```
 *
 * Credentials are secret names of the provider participant context's SecretStore, never values.
 */
import type { DataFlow } from '@tdss/dataplane-sdk';
import { problems } from '@tdss/sdk';

export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export const SECURITY_POLICIES = ['None', 'Basic128Rsa15', 'Basic256', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'] as const;

export type SecurityModeName = (typeof SECURITY_MODES)[number];
export type SecurityPolicyName = (typeof SECURITY_POLICIES)[number];

export type IdentityAddress =
  | { type: 'Anonymous' }
  | { type: 'UserName'; userName: string; passwordSecret: string }
  /** The user's certificate and private key, both PEM, as secrets. */
  | { type: 'X509'; certificateSecret: string; privateKeySecret: string };

export interface OpcUaSource {
  endpointUrl: string;
  /** Node ids as given (`ns=1;s=…`, `i=2258`). */
  nodes: string[];
  /** Browse paths resolved on the server (`/Objects/1:Plant.1:Counter`: `/` organizes, `.` aggregates). */
  browsePaths: string[];
  securityMode: SecurityModeName;
  securityPolicy: SecurityPolicyName;
  identity: IdentityAddress;
  samplingIntervalMs?: number;
  publishingIntervalMs?: number;
}

const bad = (detail: string) => problems.badRequest(`source data address: ${detail}`);

const strings = (value: unknown, name: string): string[] => {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string' && item.length > 0)) throw bad(`${name} must be a list of non-empty strings`);
  return list as string[];
};

const interval = (value: unknown, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) throw bad(`${name} must be a non-negative integer (ms)`);
  return number;
};

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], name: string, fallback: T): T => {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw bad(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
};

function readIdentity(value: unknown): IdentityAddress {
  if (value === undefined) return { type: 'Anonymous' };
  const identity = value as Record<string, unknown>;
  const named = (key: string) => {
    if (typeof identity[key] !== 'string' || identity[key] === '') throw bad(`identity.${key} is required (the name of a secret, or the user name)`);
    return identity[key];
  };
  if (typeof value !== 'object' || value === null) throw bad('identity must be an object');
  if (identity.type === 'Anonymous') return { type: 'Anonymous' };
  if ('password' in identity || 'privateKey' in identity) throw bad('identity: credentials are given as secret names (passwordSecret, privateKeySecret), never in clear');
  if (identity.type === 'UserName') return { type: 'UserName', userName: named('userName'), passwordSecret: named('passwordSecret') };
  if (identity.type === 'X509') return { type: 'X509', certificateSecret: named('certificateSecret'), privateKeySecret: named('privateKeySecret') };
  throw bad('identity.type must be Anonymous, UserName or X509');
}

export function readSourceAddress(address: unknown): OpcUaSource {
  const value = (address ?? {}) as Record<string, unknown>;
  if (value.type !== 'OpcUa') throw bad(`type ${JSON.stringify(value.type)} is not served; use OpcUa`);
  if (typeof value.endpointUrl !== 'string' || !/^opc\.tcp:\/\/[^/]+/.test(value.endpointUrl)) throw bad('OpcUa needs an opc.tcp:// endpointUrl');
  const nodes = strings(value.nodes, 'nodes');
  const browsePaths = strings(value.browsePaths, 'browsePaths');
  if (nodes.length + browsePaths.length === 0) throw bad('OpcUa needs nodes or browsePaths');
  const securityMode = oneOf(value.securityMode, SECURITY_MODES, 'securityMode', 'None');
  const securityPolicy = oneOf(value.securityPolicy, SECURITY_POLICIES, 'securityPolicy', securityMode === 'None' ? 'None' : 'Basic256Sha256');
  if ((securityMode === 'None') !== (securityPolicy === 'None')) throw bad('securityMode None goes with securityPolicy None, and only with it');
  const samplingIntervalMs = interval(value.samplingIntervalMs, 'samplingIntervalMs');
  const publishingIntervalMs = interval(value.publishingIntervalMs, 'publishingIntervalMs');
  return {
    endpointUrl: value.endpointUrl,
    nodes,
    browsePaths,
    securityMode,
    securityPolicy,
    identity: readIdentity(value.identity),
    ...(samplingIntervalMs === undefined ? {} : { samplingIntervalMs }),
    ...(publishingIntervalMs === undefined ? {} : { publishingIntervalMs }),
  };
}

export interface Intervals {
  samplingIntervalMs: number;
  publishingIntervalMs: number;
}

/** The sampling and publishing intervals of a flow: the asset's, else the defaults (settings). */
export function intervalsOf(flow: DataFlow, defaults: Intervals): Intervals {
  const source = readSourceAddress(flow.metadata.sourceDataAddress);
  return { samplingIntervalMs: source.samplingIntervalMs ?? defaults.samplingIntervalMs, publishingIntervalMs: source.publishingIntervalMs ?? defaults.publishingIntervalMs };
}
