/** An S3 client for a location, with the credentials of its secret. */
import { S3Client } from '@aws-sdk/client-s3';
import { problems } from '@tdss/sdk';
import type { S3Location } from './s3-address.ts';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Looks a secret up in one participant context's scope: never another's. */
export type SecretLookup = (participantContextId: string, key: string) => Promise<string | undefined>;

/**
 * The secret is JSON `{ "accessKeyId", "secretAccessKey", "sessionToken"? }`. Errors name the
 * secret and the participant context, never its value.
 */
export async function readCredentials(secrets: SecretLookup, participantContextId: string, keyName: string): Promise<S3Credentials> {
  const value = await secrets(participantContextId, keyName);
  if (value === undefined) throw problems.badRequest(`S3 credentials: participant context ${participantContextId} has no secret ${JSON.stringify(keyName)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw problems.badRequest(`S3 credentials: secret ${JSON.stringify(keyName)} is not JSON with accessKeyId and secretAccessKey`);
  }
  const { accessKeyId, secretAccessKey, sessionToken } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || (sessionToken !== undefined && typeof sessionToken !== 'string')) {
    throw problems.badRequest(`S3 credentials: secret ${JSON.stringify(keyName)} needs string accessKeyId and secretAccessKey`);
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}

export interface S3ClientOptions {
  maxAttempts: number;
  requestTimeoutMs: number;
}

export function createS3Client(location: S3Location, credentials: S3Credentials, options: S3ClientOptions): S3Client {
  return new S3Client({
    region: location.region,
    credentials,
    maxAttempts: options.maxAttempts,
    requestHandler: { connectionTimeout: options.requestTimeoutMs, requestTimeout: options.requestTimeoutMs },
    // S3-compatible stores are addressed by path; AWS itself by virtual host.
    ...(location.endpointOverride ? { endpoint: location.endpointOverride, forcePathStyle: true } : {}),
    // Checksums only where S3 requires them: parts are streamed with a known length, not buffered for a trailer.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
