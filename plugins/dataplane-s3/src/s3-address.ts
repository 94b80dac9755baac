/**
 * S3 locations from data addresses, with the fields of EDC's `AmazonS3` data address: `region`,
 * `bucketName`, `objectName` (one object) or `objectPrefix` (every object below it),
 * `endpointOverride` (an S3-compatible store) and `keyName`: the name of the secret holding the
 * credentials in the participant context's SecretStore. Credentials in the address itself
 * (`accessKeyId`, `secretAccessKey`) are refused: addresses travel and are stored in clear.
 *
 * The source is the asset's private data address (flat properties, `type: "AmazonS3"`); the
 * destination is the DPS data address of the push (`endpointType` `AmazonS3`, the same fields as
 * endpoint properties).
 */
import { type DataAddress } from '@tdss/dataplane-sdk';
import { problems } from '@tdss/sdk';

export const S3_TYPE = 'AmazonS3';

export interface S3Location {
  region: string;
  bucketName: string;
  /** Exactly one of objectName and objectPrefix. */
  objectName?: string;
  objectPrefix?: string;
  endpointOverride?: string;
  /** The secret (in the participant context's SecretStore) with the credentials. */
  keyName: string;
}

const IN_CLEAR = ['accessKeyId', 'secretAccessKey', 'sessionToken'];

function toLocation(what: string, read: (name: string) => unknown, endpointOverrides: readonly string[]): S3Location {
  const text = (name: string) => {
    const value = read(name);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw problems.badRequest(`${what}.${name}: must be a string`);
    return value;
  };
  for (const name of IN_CLEAR) {
    if (read(name) !== undefined) throw problems.badRequest(`${what}.${name}: credentials are not taken from a data address; name a secret of the participant context in keyName`);
  }
  const bucketName = text('bucketName');
  if (!bucketName) throw problems.badRequest(`${what}.bucketName: required`);
  const keyName = text('keyName');
  if (!keyName) throw problems.badRequest(`${what}.keyName: required (the secret with the S3 credentials)`);
  const objectName = text('objectName');
  const objectPrefix = text('objectPrefix');
  if (objectName !== undefined && objectPrefix !== undefined) throw problems.badRequest(`${what}: objectName and objectPrefix exclude each other`);
  const endpointOverride = text('endpointOverride');
  if (endpointOverride !== undefined && !endpointOverrides.some((allowed) => endpointOverride.startsWith(allowed))) {
    throw problems.badRequest(`${what}.endpointOverride: ${endpointOverride} is not an endpoint this data plane may call (setting endpointOverrides)`);
  }
  return {
    region: text('region') ?? 'us-east-1',
    bucketName,
    keyName,
    ...(objectName === undefined ? {} : { objectName }),
    ...(objectPrefix === undefined ? {} : { objectPrefix }),
    ...(endpointOverride === undefined ? {} : { endpointOverride }),
  };
}

/** The asset's data address: where the provider copies from. */
export function readSource(address: unknown, endpointOverrides: readonly string[]): S3Location {
  if (typeof address !== 'object' || address === null) throw problems.badRequest('the asset has no data address');
  const fields = address as Record<string, unknown>;
  if (fields.type !== S3_TYPE) throw problems.badRequest(`the asset's data address type ${JSON.stringify(fields.type)} is not served by the S3 data plane (${S3_TYPE})`);
  const source = toLocation('source', (name) => fields[name], endpointOverrides);
  if (source.objectName === undefined && source.objectPrefix === undefined) throw problems.badRequest('source: objectName or objectPrefix is required');
  return source;
}

/** The push destination; without objectName/objectPrefix the source's names are kept. */
export function readDestination(address: DataAddress | null, endpointOverrides: readonly string[]): S3Location {
  if (!address) throw problems.badRequest('dataAddress: a push needs a destination');
  if (address.endpointType !== S3_TYPE) throw problems.badRequest(`dataAddress.endpointType: ${JSON.stringify(address.endpointType)} is not ${S3_TYPE}`);
  const properties = new Map((address.endpointProperties ?? []).map((property) => [property.name, property.value]));
  return toLocation('dataAddress', (name) => properties.get(name), endpointOverrides);
}
