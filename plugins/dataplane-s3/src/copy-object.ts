/**
 * Copies one object between two S3 stores, streamed: small objects in one PUT, larger ones as a
 * multipart upload whose parts are ranged GETs of the source piped into UploadPart (one part in
 * flight; nothing is held whole in memory). The upload id and every acknowledged part are saved
 * before the next part starts, so a later run continues after the last saved part; a source that
 * changed meanwhile (another ETag) is refused by its `If-Match` and fails the copy rather than
 * mixing two versions.
 */
import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
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
  /** Attempts of one part, each with a fresh ranged GET (a streamed body cannot be sent twice). */
  partAttempts: number;
}

export type CopyEnd = 'done' | 'stopped';

export async function copyObject(copy: ObjectCopy): Promise<CopyEnd> {
  const { source, destination, signal } = copy;
  if (source.size < copy.multipartThresholdBytes) {
    const object = await source.client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, IfMatch: source.eTag }), { abortSignal: signal });
    await releasing(object.Body, () =>
      destination.client.send(
        new PutObjectCommand({ Bucket: destination.bucket, Key: destination.key, Body: object.Body as never, ContentLength: source.size, ...(object.ContentType ? { ContentType: object.ContentType } : {}) }),
        { abortSignal: signal },
      ),
    );
    await copy.save({ ...copy.progress, done: true });
    return 'done';
  }

  let progress = copy.progress;
  if (!progress.uploadId || progress.sourceETag !== source.eTag || progress.destinationKey !== destination.key) {
    // The source changed since the upload began: its parts are of another version.
    if (progress.uploadId) await destination.client.send(new AbortMultipartUploadCommand({ Bucket: destination.bucket, Key: progress.destinationKey ?? destination.key, UploadId: progress.uploadId }), { abortSignal: signal }).catch(() => undefined);
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
    const part = await retried(copy.partAttempts, signal, async () => {
      const range = await source.client.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key, Range: `bytes=${first}-${last}`, IfMatch: source.eTag }), { abortSignal: signal });
      return releasing(range.Body, () =>
        destination.client.send(
          new UploadPartCommand({ Bucket: destination.bucket, Key: destination.key, UploadId: uploadId, PartNumber: partNumber, Body: range.Body as never, ContentLength: last - first + 1 }),
          { abortSignal: signal },
        ),
      );
    });
    progress = { ...progress, parts: [...progress.parts, { PartNumber: partNumber, ETag: part.ETag! }] };
    await copy.save(progress);
  }
  const parts = [...progress.parts].sort((a, b) => a.PartNumber - b.PartNumber);
  await destination.client.send(new CompleteMultipartUploadCommand({ Bucket: destination.bucket, Key: destination.key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), { abortSignal: signal });
  await copy.save({ ...progress, done: true });
  return 'done';
}

/** A failed upload leaves the source's response unread: close it, or its connection stays taken. */
async function releasing<T>(body: unknown, upload: () => Promise<T>): Promise<T> {
  try {
    return await upload();
  } catch (error) {
    (body as { destroy?: () => void } | undefined)?.destroy?.();
    throw error;
  }
}

/** Throttling, 5xx and network failures are tried again with back-off; S3's 4xx refusals are not. */
async function retried<T>(attempts: number, signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const transient = status === undefined || status >= 500 || status === 429 || status === 408;
      if (signal.aborted || !transient || n >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (n - 1)));
    }
  }
}
