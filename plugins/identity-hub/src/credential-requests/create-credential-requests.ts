/**
 * The holder side of the DCP credential issuance protocol. Every call to the issuer carries a
 * fresh self-issued ID token of the holder addressed to the issuer DID; URLs come from the
 * issuer's DID document and answers are bounded in time and size like every remote call.
 */
import { ProblemError, problems } from '@tdss/sdk';
import { DCP_CONTEXT, type DcpServices } from '../dcp/dcp-services.ts';
import { serviceEndpoint } from '../did/service-endpoint.ts';
import { isObject } from '../credentials/parse-credential.ts';
import { sameType } from '../credentials/same-type.ts';
import { fetchLimited, type LimitedResponse, RemoteError } from '../remote/fetch-limited.ts';
import { problemDetail } from '../remote/problem-detail.ts';
import { remoteUrlProblem } from '../remote/remote-url.ts';
import { DidResolutionError } from '../resolver/did-resolution-error.ts';
import type { CredentialRequests } from './credential-requests.ts';

export interface CredentialRequestOptions {
  dcp: DcpServices;
  httpLoopback: boolean;
  timeoutMs: number;
  maxBytes: number;
}

const STATUSES = ['RECEIVED', 'ISSUED', 'REJECTED'] as const;

export function createCredentialRequests(options: CredentialRequestOptions): CredentialRequests {
  const { dcp } = options;

  async function issuerServiceOf(issuer: string): Promise<string> {
    let base: string | undefined;
    try {
      base = serviceEndpoint(await dcp.resolver.resolve(issuer), 'IssuerService');
    } catch (error) {
      if (error instanceof DidResolutionError) throw badGateway(`the issuer DID ${issuer} cannot be resolved: ${error.message}`);
      throw error;
    }
    if (!base) throw badGateway(`the DID document of ${issuer} names no IssuerService`);
    const problem = remoteUrlProblem(base, { httpLoopback: options.httpLoopback });
    if (problem) throw badGateway(`the IssuerService of ${issuer} ${problem}`);
    return base;
  }

  async function call(participantId: string, issuer: string, url: string, body?: unknown): Promise<LimitedResponse> {
    const { token } = await dcp.sts.createToken(participantId, { audience: issuer });
    try {
      return await fetchLimited(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxBytes,
      });
    } catch (error) {
      if (error instanceof RemoteError) throw badGateway(`the issuer ${issuer}: ${error.message}`);
      throw error;
    }
  }

  return {
    async request(participantId, { issuer, credentialTypes, holderPid }) {
      const base = await issuerServiceOf(issuer);
      const metadata = await call(participantId, issuer, `${base}/metadata`);
      const offered = metadata.status === 200 ? credentialObjects(metadata.text) : undefined;
      if (!offered) throw badGateway(`the issuer ${issuer} answered its metadata with ${metadata.status}, not IssuerMetadata`);
      const ids = credentialTypes.map((type) => {
        const object = offered.find((candidate) => sameType(candidate.credentialType, type));
        if (!object) throw problems.badRequest(`the issuer ${issuer} does not offer ${type}`);
        return object.id;
      });
      const url = `${base}/credentials`;
      const answer = await call(participantId, issuer, url, {
        '@context': [DCP_CONTEXT],
        type: 'CredentialRequestMessage',
        holderPid,
        credentials: ids.map((id) => ({ id })),
      });
      const location = answer.status === 201 ? answer.location : undefined;
      if (!location) throw badGateway(`the issuer ${issuer} answered the credential request with ${answer.status}${problemDetail(answer.text)}`);
      const statusUrl = new URL(location, url).href;
      const issuerPid = decodeURIComponent(statusUrl.split('/').pop() ?? '');
      dcp.logger.info({ participantId, issuer, holderPid, issuerPid, credentialTypes }, 'credentials requested');
      return { issuer, holderPid, issuerPid, statusUrl, credentialTypes: [...credentialTypes] };
    },

    async status(participantId, ref) {
      const base = await issuerServiceOf(ref.issuer);
      // The status URL must stay on the issuer's own service.
      if (!ref.statusUrl.startsWith(`${base}/`)) throw badGateway(`the request status URL of ${ref.issuer} is not on its IssuerService`);
      const answer = await call(participantId, ref.issuer, ref.statusUrl);
      let status: unknown;
      try {
        status = answer.status === 200 ? (JSON.parse(answer.text) as { status?: unknown }).status : undefined;
      } catch {
        status = undefined;
      }
      if (!STATUSES.includes(status as (typeof STATUSES)[number])) throw badGateway(`the issuer ${ref.issuer} answered the request status with ${answer.status}${problemDetail(answer.text)}`);
      return status as (typeof STATUSES)[number];
    },
  };
}

function credentialObjects(text: string): Array<{ id: string; credentialType: string }> | undefined {
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(metadata) || metadata.type !== 'IssuerMetadata') return undefined;
  const supported: unknown[] = Array.isArray(metadata.credentialsSupported) ? metadata.credentialsSupported : [];
  return supported.filter(
    (object): object is { id: string; credentialType: string } => isObject(object) && typeof object.id === 'string' && typeof object.credentialType === 'string',
  );
}

function badGateway(detail: string): ProblemError {
  return new ProblemError(502, detail, { type: 'issuer-unavailable', title: 'Bad Gateway' });
}
