/**
 * The did:web method's mapping between DIDs and URLs (https://w3c-ccg.github.io/did-method-web/):
 * the host, with its port colon percent-encoded as `%3A`, then the path segments, all joined by
 * `:`; a DID without path segments lives at `/.well-known/did.json`, any other at `<path>/did.json`.
 */
import { isIP } from 'node:net';

const SEGMENT = /^(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+$/;
const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
const PORT = /^[0-9]{1,5}$/;

/** Why a value is not a did:web this runtime can map to a URL; the message is safe to show. */
export class DidWebSyntaxError extends Error {
  override readonly name = 'DidWebSyntaxError';
}

/** The did:web of the document served at `<baseUrl>/<participantId>/did.json`. */
export function didWebFor(baseUrl: string, participantId: string): string {
  const url = new URL(baseUrl);
  const segments = [...url.pathname.split('/').filter(Boolean), participantId];
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || isDotSegment(segment)) {
      throw new DidWebSyntaxError(`path segment ${JSON.stringify(segment)} of ${baseUrl} cannot be part of a did:web`);
    }
  }
  if (!HOST.test(url.hostname) && isIP(url.hostname) !== 4) {
    throw new DidWebSyntaxError(`host ${url.hostname} of ${baseUrl} cannot be part of a did:web (use a domain name)`);
  }
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  return ['did', 'web', host, ...segments].join(':');
}

export interface DidWebLocation {
  /** The URL of the DID document. */
  url: string;
  /** The host without port, as the DID names it. */
  hostname: string;
}

/**
 * The URL to fetch the document of `did` from. IP addresses are refused, as the method requires,
 * except loopback ones when `httpLoopback` is on: those, and `localhost`, are then fetched over http.
 */
export function didWebLocation(did: string, options: { httpLoopback: boolean }): DidWebLocation {
  const parts = did.split(':');
  if (parts.length < 3 || parts[0] !== 'did' || parts[1] !== 'web') throw new DidWebSyntaxError('not a did:web');
  const [hostPart, ...segments] = parts.slice(2) as [string, ...string[]];
  const [hostname = '', port, ...rest] = decodeHost(hostPart).split(':');
  if (rest.length || (port !== undefined && !PORT.test(port))) throw new DidWebSyntaxError('the port of a did:web must be digits after %3A');
  if (!HOST.test(hostname) && isIP(hostname) !== 4) throw new DidWebSyntaxError('the host of a did:web must be a domain name');
  for (const segment of segments) {
    // %2F would smuggle a slash into the path, and dot segments would climb out of it.
    if (!SEGMENT.test(segment) || isDotSegment(segment) || /%2F/i.test(segment)) {
      throw new DidWebSyntaxError('a path segment of the did:web is empty or holds characters a DID does not allow');
    }
  }
  const loopback = isLoopback(hostname);
  if (isIP(hostname) && !(loopback && options.httpLoopback)) {
    throw new DidWebSyntaxError('a did:web must not name an IP address');
  }
  const scheme = loopback && options.httpLoopback ? 'http' : 'https';
  const path = segments.length ? segments.join('/') : '.well-known';
  return { url: `${scheme}://${hostname}${port === undefined ? '' : `:${port}`}/${path}/did.json`, hostname };
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || (isIP(hostname) === 4 && hostname.startsWith('127.'));
}

function decodeHost(part: string): string {
  try {
    return decodeURIComponent(part).toLowerCase();
  } catch {
    throw new DidWebSyntaxError('the host of a did:web is not validly percent-encoded');
  }
}

function isDotSegment(segment: string): boolean {
  return /^(?:\.|%2e){1,2}$/i.test(segment);
}
