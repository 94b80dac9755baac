/**
 * What a flow copies: the source and destination clients (credentials from the provider's
 * participant context) and the source objects with their destination keys. Building it checks
 * what can be checked before any byte moves (addresses, secrets, the source listing, the
 * destination bucket), so a start that could never succeed is refused with the reason.
 */
import { HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { DataFlow } from '@tdss/dataplane-sdk';
import { problems } from '@tdss/sdk';
import { readDestination, readSource, type S3Location } from './s3-address.ts';
import { createS3Client, readCredentials, type S3ClientOptions, type SecretLookup } from './s3-client.ts';

export interface PlannedObject {
  sourceKey: string;
  destinationKey: string;
  size: number;
  eTag: string;
}

export interface CopyPlan {
  source: S3Location & { client: S3Client };
  destination: S3Location & { client: S3Client };
  objects: PlannedObject[];
}

export interface PlanOptions extends S3ClientOptions {
  secrets: SecretLookup;
  endpointOverrides: readonly string[];
}

/** The flow's tenant: set by the control plane, so a flow reaches only its own participant context's secrets. */
export function tenantOf(flow: DataFlow): string {
  const tenant = flow.metadata.participantContextId;
  if (typeof tenant !== 'string' || !tenant) throw problems.badRequest('metadata.participantContextId: required (whose secrets hold the S3 credentials)');
  return tenant;
}

/** A client for the destination alone (to abort its uploads). */
export async function destinationOf(flow: DataFlow, options: PlanOptions): Promise<S3Location & { client: S3Client }> {
  const destination = readDestination(flow.dataAddress, options.endpointOverrides);
  return { ...destination, client: createS3Client(destination, await readCredentials(options.secrets, tenantOf(flow), destination.keyName), options) };
}

export async function planCopy(flow: DataFlow, options: PlanOptions, signal?: AbortSignal): Promise<CopyPlan> {
  const tenant = tenantOf(flow);
  const sourceAddress = readSource(flow.metadata.sourceDataAddress, options.endpointOverrides);
  const destination = await destinationOf(flow, options);
  const source = { ...sourceAddress, client: createS3Client(sourceAddress, await readCredentials(options.secrets, tenant, sourceAddress.keyName), options) };
  if (source.objectPrefix !== undefined && destination.objectName !== undefined) throw problems.badRequest('dataAddress.objectName: a prefix is copied below an objectPrefix, not to one object');

  const objects = await refusing(`source bucket ${source.bucketName}`, () => listSource(source, signal));
  if (source.objectPrefix !== undefined && objects.length === 0) throw problems.badRequest(`source: no object below prefix ${JSON.stringify(source.objectPrefix)}`);
  await refusing(`destination bucket ${destination.bucketName}`, () => destination.client.send(new HeadBucketCommand({ Bucket: destination.bucketName }), { abortSignal: signal }));
  const destinationKey = (sourceKey: string) => {
    if (destination.objectName !== undefined) return destination.objectName;
    const relative = source.objectPrefix !== undefined ? sourceKey.slice(source.objectPrefix.length) : sourceKey;
    return `${destination.objectPrefix ?? ''}${relative}`;
  };
  return { source, destination, objects: objects.map((object) => ({ ...object, destinationKey: destinationKey(object.sourceKey) })) };
}

async function listSource(source: S3Location & { client: S3Client }, signal?: AbortSignal): Promise<Omit<PlannedObject, 'destinationKey'>[]> {
  if (source.objectName !== undefined) {
    const head = await source.client.send(new HeadObjectCommand({ Bucket: source.bucketName, Key: source.objectName }), { abortSignal: signal });
    return [{ sourceKey: source.objectName, size: head.ContentLength ?? 0, eTag: head.ETag ?? '' }];
  }
  const objects: Omit<PlannedObject, 'destinationKey'>[] = [];
  let token: string | undefined;
  do {
    const page = await source.client.send(new ListObjectsV2Command({ Bucket: source.bucketName, Prefix: source.objectPrefix, ...(token ? { ContinuationToken: token } : {}) }), { abortSignal: signal });
    for (const item of page.Contents ?? []) objects.push({ sourceKey: item.Key!, size: item.Size ?? 0, eTag: item.ETag ?? '' });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** S3's refusals (no such bucket or key, access denied, unknown key id) end the flow with S3's reason; anything else may pass with a retry. */
async function refusing<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500) throw problems.badRequest(`${what}: ${describeS3Error(error)}`);
    throw error;
  }
}

/** What S3 says of an answer without a body (HEAD): its status alone. */
const BODILESS: Record<number, string> = {
  403: 'Forbidden (HTTP 403): access denied (wrong credentials, or no permission)',
  404: 'NotFound (HTTP 404): no such bucket or object',
};

/** S3's error code and message; never a request's headers (they carry the signature). */
export function describeS3Error(error: unknown): string {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    const bodiless = ['Unknown', 'NotFound', 'Forbidden'].includes(error.name) || error.message === 'UnknownError';
    if (bodiless && status !== undefined && BODILESS[status]) return BODILESS[status];
    const message = error.message && error.message !== 'UnknownError' && error.message !== error.name ? `: ${error.message}` : '';
    return `${error.name}${status ? ` (HTTP ${status})` : ''}${message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
