/**
 * Test helpers: other parties of a dataspace outside the runtime under test, each a did:web on one
 * tiny loopback server (`did:web:127.0.0.1%3A<port>:<name>`) with its own key. They play
 * issuers (credentials, status lists, Storage API deliveries) and rogue holders (a credential
 * service whose answers the test writes). Not part of the build.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Test } from 'tap';
import type { VerificationRelationship } from '../did/did-document.ts';
import { startLocalServer } from './identity-runtime.ts';

export type Handler = (req: IncomingMessage, body: string) => { status?: number; type?: string; body: unknown } | Promise<{ status?: number; type?: string; body: unknown }>;

export interface TestParty {
  name: string;
  did: string;
  /** `<did>#<key id>`. */
  kid: string;
  /** Base URL of the party's own paths on the server. */
  base: string;
  /** Signs `payload` (an object is JSON-encoded) with the party's key; `kid` and `typ` can be overridden or dropped (null). */
  sign(payload: unknown, header?: { kid?: string | null; typ?: string | null; [member: string]: unknown }): Promise<string>;
  /** Serves `handler` at `<base><path>`. */
  route(path: string, handler: Handler): void;
}

export interface TestParties {
  origin: string;
  /**
   * `relationships`: those its document lists its key under (default authentication,
   * assertionMethod, capabilityInvocation); none: `verificationMethod` only, as EDC publishes.
   */
  party(name: string, options?: { algorithm?: 'ES256' | 'EdDSA'; credentialService?: boolean; relationships?: VerificationRelationship[] }): Promise<TestParty>;
  /** Every request the server received, as `METHOD path`. */
  requests: string[];
}

export async function startTestParties(t: Test): Promise<TestParties> {
  const routes = new Map<string, Handler>();
  const requests: string[] = [];
  const { origin, port } = await startLocalServer(t, (req, res) => void serve(req, res));

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(`${req.method} ${path}`);
    const handler = routes.get(`${req.method} ${path}`) ?? routes.get(`* ${path}`);
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const answer = await handler(req, Buffer.concat(chunks).toString('utf8'));
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'application/json' }).end(text);
  }

  return {
    origin,
    requests,
    async party(name, { algorithm = 'ES256', credentialService = false, relationships = ['authentication', 'assertionMethod', 'capabilityInvocation'] } = {}) {
      const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
      const publicJwk = await exportJWK(publicKey);
      const did = `did:web:127.0.0.1%3A${port}:${name}`;
      const kid = `${did}#${await calculateJwkThumbprint(publicJwk as JWK)}`;
      const base = `${origin}/${name}`;
      const document = {
        '@context': ['https://www.w3.org/ns/did/v1'],
        id: did,
        verificationMethod: [{ id: kid, type: 'JsonWebKey2020', controller: did, publicKeyJwk: publicJwk }],
        ...Object.fromEntries(relationships.map((relationship) => [relationship, [kid]])),
        ...(credentialService ? { service: [{ id: `${did}#cs`, type: 'CredentialService', serviceEndpoint: `${base}/cs` }] } : {}),
      };
      routes.set(`GET /${name}/did.json`, () => ({ body: document }));
      return {
        name,
        did,
        kid,
        base,
        async sign(payload, header = {}) {
          const { kid: kidOverride, typ, ...rest } = header;
          const protectedHeader: Record<string, unknown> = { alg: algorithm, ...rest };
          if (kidOverride !== null) protectedHeader.kid = kidOverride ?? kid;
          if (typ !== null) protectedHeader.typ = typ ?? 'JWT';
          const bytes = new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
          return new CompactSign(bytes).setProtectedHeader(protectedHeader as { alg: string }).sign(privateKey);
        },
        route(path, handler) {
          routes.set(`* /${name}${path}`, handler);
        },
      };
    },
  };
}

/** Seconds since the epoch, shifted by `offset` seconds. */
export function epoch(offset = 0): number {
  return Math.floor(Date.now() / 1000) + offset;
}

/** A self-issued ID token of `party` for `audience`; `claims` override or (undefined) drop the defaults. */
export function selfIssuedToken(party: TestParty, audience: string, claims: Record<string, unknown> = {}, header?: Parameters<TestParty['sign']>[1]): Promise<string> {
  const payload: Record<string, unknown> = { iss: party.did, sub: party.did, aud: audience, jti: randomUUID(), iat: epoch(), exp: epoch(300), ...claims };
  for (const [key, value] of Object.entries(payload)) if (value === undefined) delete payload[key];
  return party.sign(payload, header);
}

export interface CredentialSpec {
  subject: string;
  type: string;
  claims?: Record<string, unknown>;
  id?: string;
  /** ISO dates of the credential's own validity fields. */
  validFrom?: string;
  validUntil?: string;
  status?: Record<string, unknown>;
  /** Overrides of JWT claims (VC 1.1), e.g. `{ exp: undefined }`. */
  jwt?: Record<string, unknown>;
}

/** A VC 1.1 credential secured as a JWT (`vc` claim), as the DCP profile vc11-sl2021/jwt has it. */
export function issueVc11(issuer: TestParty, spec: CredentialSpec): Promise<string> {
  const id = spec.id ?? `urn:uuid:${randomUUID()}`;
  const payload: Record<string, unknown> = {
    iss: issuer.did,
    sub: spec.subject,
    jti: id,
    nbf: epoch(-60),
    iat: epoch(-60),
    exp: epoch(3600),
    vc: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      id,
      type: ['VerifiableCredential', spec.type],
      issuer: issuer.did,
      issuanceDate: spec.validFrom ?? new Date(Date.now() - 60_000).toISOString(),
      ...(spec.validUntil ? { expirationDate: spec.validUntil } : {}),
      ...(spec.status ? { credentialStatus: spec.status } : {}),
      credentialSubject: { id: spec.subject, ...spec.claims },
    },
    ...spec.jwt,
  };
  for (const [key, value] of Object.entries(payload)) if (value === undefined) delete payload[key];
  return issuer.sign(payload);
}

/** A VC 2.0 credential with an enveloping JOSE proof, as the DCP profile vc20-bssl/jwt has it. */
export function issueVc20(issuer: TestParty, spec: CredentialSpec): Promise<string> {
  return issuer.sign(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: spec.id ?? `urn:uuid:${randomUUID()}`,
      type: ['VerifiableCredential', spec.type],
      issuer: issuer.did,
      validFrom: spec.validFrom ?? new Date(Date.now() - 60_000).toISOString(),
      ...(spec.validUntil ? { validUntil: spec.validUntil } : {}),
      ...(spec.status ? { credentialStatus: spec.status } : {}),
      credentialSubject: { id: spec.subject, ...spec.claims },
    },
    { typ: 'vc+jwt' },
  );
}

/** Delivers credentials to a holder's credential service through the DCP Storage API, as `issuer`. */
export async function deliver(
  issuer: TestParty,
  holder: { did: string; credentialService: string },
  credentials: Array<{ type: string; payload: string; format?: string }>,
): Promise<Response> {
  return fetch(`${holder.credentialService}/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await selfIssuedToken(issuer, holder.did)}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      '@context': ['https://w3id.org/dspace-dcp/v1.0/dcp.jsonld'],
      type: 'CredentialMessage',
      issuerPid: randomUUID(),
      holderPid: randomUUID(),
      status: 'ISSUED',
      credentials: credentials.map(({ type, payload, format = 'vc11-sl2021/jwt' }) => ({ credentialType: type, payload, format })),
    }),
  });
}

export interface TestStatusList {
  url: string;
  /** The credentialStatus entry of the credential at `index`. */
  entry(index: number): Record<string, unknown>;
  set(index: number, value: boolean): void;
  /** How often the list was fetched. */
  fetches: number;
}

/**
 * A status list of `issuer`, served at `<base>/status/<id>`: a BitstringStatusListCredential
 * (VC 2.0, multibase base64url) or a StatusList2021Credential (VC 1.1, base64), as JSON or signed.
 */
export function serveStatusList(
  issuer: TestParty,
  options: { kind: 'BitstringStatusList' | 'StatusList2021'; purpose?: 'revocation' | 'suspension'; signed?: boolean; bits?: number },
): TestStatusList {
  const { kind, purpose = 'revocation', signed = false, bits = 131_072 } = options;
  const list = Buffer.alloc(bits / 8);
  const id = randomUUID();
  const url = `${issuer.base}/status/${id}`;
  const state: TestStatusList = {
    url,
    fetches: 0,
    entry: (index) => ({
      id: `${url}#${index}`,
      type: `${kind}Entry`,
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: url,
    }),
    set(index, value) {
      const mask = 0x80 >> (index & 7);
      list[index >> 3] = value ? list[index >> 3]! | mask : list[index >> 3]! & ~mask;
    },
  };
  issuer.route(`/status/${id}`, async () => {
    state.fetches++;
    const zipped = gzipSync(list);
    const encodedList = kind === 'BitstringStatusList' ? `u${zipped.toString('base64url')}` : zipped.toString('base64');
    const credential = {
      '@context': kind === 'BitstringStatusList' ? ['https://www.w3.org/ns/credentials/v2'] : ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1'],
      id: url,
      type: ['VerifiableCredential', `${kind}Credential`],
      issuer: issuer.did,
      credentialSubject: { id: `${url}#list`, type: kind, statusPurpose: purpose, encodedList },
    };
    if (!signed) return { body: credential };
    return { type: 'application/vc+jwt', body: await issuer.sign(kind === 'StatusList2021' ? { iss: issuer.did, vc: credential } : credential) };
  });
  return state;
}
