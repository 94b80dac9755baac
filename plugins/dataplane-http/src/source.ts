/**
 * Where a flow's data comes from: the asset's data address, sent by the control plane in the start
 * message's metadata (`sourceDataAddress`). `{ type: 'HttpData', baseUrl, authKey?, secretName? }`
 * is fetched with GET (the secret, from the provider participant context's secrets, sent in the
 * `authKey` header, `Authorization` unless named); `{ type: 'File', path }` is read from disk when
 * the settings allow it. Either way the body is a stream: nothing is held in memory whole.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ProblemError, problems } from '@tdss/sdk';
import { parseByteRange } from './byte-range.ts';
import { getFromSource } from './http-source-client.ts';

export type SourceAddress = { type: 'HttpData'; baseUrl: string; authKey?: string; secretName?: string } | { type: 'File'; path: string };

export interface SourceResponse {
  /** 200, 206 or 416. */
  status: number;
  /** The headers a client of the data should see (length, range, type, validators). */
  headers: Record<string, string>;
  /** Streams the body to `destination` with back-pressure and ends it; rejects if either side fails. */
  pipeTo(destination: Writable): Promise<void>;
  /** The body will not be read: the source is let go. */
  cancel(): void;
}

export interface SourceOptions {
  allowFiles: boolean;
  timeoutMs: number;
  /** A secret of the provider's participant context, for an HTTP source's auth header. */
  secret(participantContextId: string, name: string): Promise<string | undefined>;
}

/** Checks a data address without touching the source: a 400 problem for one this data plane cannot read. */
export function readSourceAddress(address: unknown, allowFiles: boolean): SourceAddress {
  const value = (address ?? {}) as Record<string, unknown>;
  if (value.type === 'HttpData') {
    if (typeof value.baseUrl !== 'string' || !/^https?:\/\//.test(value.baseUrl)) throw problems.badRequest('source data address: HttpData needs an http(s) baseUrl');
    return {
      type: 'HttpData',
      baseUrl: value.baseUrl,
      ...(typeof value.authKey === 'string' ? { authKey: value.authKey } : {}),
      ...(typeof value.secretName === 'string' ? { secretName: value.secretName } : {}),
    };
  }
  if (value.type === 'File') {
    if (!allowFiles) throw problems.badRequest('source data address: File sources are disabled on this data plane (allowFileSources)');
    if (typeof value.path !== 'string' || value.path.length === 0) throw problems.badRequest('source data address: File needs a path');
    return { type: 'File', path: value.path };
  }
  throw problems.badRequest(`source data address: type ${JSON.stringify(value.type)} is not served; use HttpData${allowFiles ? ' or File' : ''}`);
}

const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'];

export async function openSource(source: SourceAddress, participantContextId: string, range: string | undefined, options: SourceOptions): Promise<SourceResponse> {
  return source.type === 'File' ? openFile(source.path, range) : openHttp(source, participantContextId, range, options);
}

async function openFile(path: string, range: string | undefined): Promise<SourceResponse> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new ProblemError(502, 'the source file cannot be read', { type: 'source-unavailable' });
  const parsed = parseByteRange(range, info.size);
  const common = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream', 'last-modified': info.mtime.toUTCString() };
  if (parsed.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...common, 'content-range': `bytes */${info.size}`, 'content-length': '0' }, pipeTo: async (destination) => void destination.end(), cancel: () => undefined };
  }
  const fileBody = (start: number, end: number) => ({
    pipeTo: (destination: Writable) => pipeline(createReadStream(path, { start, end, highWaterMark: FILE_CHUNK_BYTES }), destination),
    cancel: () => undefined,
  });
  if (parsed.kind === 'whole') return { status: 200, headers: { ...common, 'content-length': String(info.size) }, ...fileBody(0, Infinity) };
  return {
    status: 206,
    headers: { ...common, 'content-length': String(parsed.end - parsed.start + 1), 'content-range': `bytes ${parsed.start}-${parsed.end}/${info.size}` },
    ...fileBody(parsed.start, parsed.end),
  };
}

/** Few, large reads: the per-chunk cost of a stream dominates at the 64 KiB default. */
const FILE_CHUNK_BYTES = 256 * 1024;

async function openHttp(source: Extract<SourceAddress, { type: 'HttpData' }>, participantContextId: string, range: string | undefined, options: SourceOptions): Promise<SourceResponse> {
  const headers: Record<string, string> = {};
  if (range) headers.range = range;
  if (source.secretName) {
    const value = await options.secret(participantContextId, source.secretName);
    if (value === undefined) throw new ProblemError(502, `the source's secret ${JSON.stringify(source.secretName)} is missing`, { type: 'source-unavailable' });
    headers[(source.authKey ?? 'authorization').toLowerCase()] = value;
  }
  const answer = await getFromSource(new URL(source.baseUrl), headers, options.timeoutMs).catch((error: unknown) => {
    throw new ProblemError(502, `the source did not answer (${error instanceof Error ? error.message : String(error)})`, { type: 'source-unavailable' });
  });
  if (answer.status !== 200 && answer.status !== 206 && answer.status !== 416) {
    answer.cancel();
    throw new ProblemError(502, `the source answered ${answer.status}`, { type: 'source-unavailable' });
  }
  const passed: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = answer.headers[name];
    // What node:http would refuse to send is not passed on.
    if (value !== undefined && /^[\t\x20-\x7e\x80-\xff]*$/.test(value)) passed[name] = value;
  }
  return { status: answer.status, headers: passed, pipeTo: (destination) => answer.pipeTo(destination), cancel: () => answer.cancel() };
}
