/**
 * Copies one object between two S3 stores, streamed: small objects in one PUT, larger ones as a
 * multipart upload whose parts are ranged GETs of the source piped into UploadPart (one part in
 * flight; nothing is held whole in memory). The upload id and every acknowledged part are saved
 * before the next part starts, so a later run continues after the last saved part; a source that
 * changed meanwhile (another ETag) is refused by its `If-Match` and fails the copy rather than
 * mixing two versions.
 */
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import type { ObjectProgress } from './copy-progress.ts';

export interface ObjectEnd {
  bucket: string;
  key: string;
  client: S3Client;
}

export interface ObjectCopy {
  source: ObjectEnd & { size: number; eTag: string };
  destination: ObjectEnd;
  progress: ObjectProgress;
  save(progress: ObjectProgress): Promise<void>;
  partSizeBytes: number;
  multipartThresholdBytes: number;
  /** Aborts the request in flight (terminate, shutdown). */
  signal: AbortSignal;
  /** True once the copy is to stop after the part in flight (suspend). */
  stopping(): boolean;
}

export type CopyEnd = 'done' | 'stopped';

export async function copyObject(copy: ObjectCopy): Promise<CopyEnd> {
  const { source, destination, signal } = copy;
  if (source.size < copy.multipartThresholdBytes) {
    const object = await source.client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, IfMatch: source.eTag }), { abortSignal: signal });
    await destination.client.send(
      new PutObjectCommand({ Bucket: destination.bucket, Key: destination.key, Body: object.Body as NodeJS.ReadableStream as never, ContentLength: source.size, ...(object.ContentType ? { ContentType: object.ContentType } : {}) }),
      { abortSignal: signal },
    );
    await copy.save({ ...copy.progress, done: true });
    return 'done';
  }

  let progress = copy.progress;
  if (!progress.uploadId || progress.sourceETag !== source.eTag || progress.destinationKey !== destination.key) {
    const created = await destination.client.send(new CreateMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key }), { abortSignal: signal });
    progress = { sourceKey: source.key, done: false, uploadId: created.UploadId!, destinationKey: destination.key, sourceETag: source.eTag, parts: [] };
    await copy.save(progress);
  }
  const uploadId = progress.uploadId!;
  const partCount = Math.ceil(source.size / copy.partSizeBytes);
  const uploaded = new Set(progress.parts.map((part) => part.PartNumber));
  for (let partNumber = 1; partNumber <= partCount; partNumber++) {
    if (uploaded.has(partNumber)) continue;
    if (copy.stopping()) return 'stopped';
    const first = (partNumber - 1) * copy.partSizeBytes;
    const last = Math.min(first + copy.partSizeBytes, source.size) - 1;
    const range = await source.client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, Range: `bytes=${first}-${last}`, IfMatch: source.eTag }), { abortSignal: signal });
    const part = await destination.client.send(
      new UploadPartCommand({ Bucket: destination.bucket, Key: destination.key, UploadId: uploadId, PartNumber: partNumber, Body: range.Body as never, ContentLength: last - first + 1 }),
      { abortSignal: signal },
    );
    progress = { ...progress, parts: [...progress.parts, { PartNumber: partNumber, ETag: part.ETag! }] };
    await copy.save(progress);
  }
  const parts = [...progress.parts].sort((a, b) => a.PartNumber - b.PartNumber);
  await destination.client.send(new CompleteMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), { abortSignal: signal });
  await copy.save({ ...progress, done: true });
  return 'done';
}
