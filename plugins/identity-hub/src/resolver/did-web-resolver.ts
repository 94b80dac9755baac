/**
 * did:web: GET the document from the URL the DID maps to, over https (or http for loopback when
 * allowed), refusing redirects, bodies over the size limit and documents that are not DID
 * documents. The DidResolver bounds the time and caches the answer.
 */
import { didWebLocation, DidWebSyntaxError } from '../did/did-web-url.ts';
import { DidResolutionError } from './did-resolution-error.ts';
import type { DidMethodResolver } from './did-resolver.ts';
import { checkDidDocument } from './check-did-document.ts';
import { readLimitedBody } from './read-limited-body.ts';

export interface DidWebResolverOptions {
  maxBytes: number;
  httpLoopback: boolean;
}

export function createDidWebResolver(options: DidWebResolverOptions): DidMethodResolver {
  return {
    method: 'web',
    async resolve(did, { signal }) {
      let url: string;
      try {
        url = didWebLocation(did, { httpLoopback: options.httpLoopback }).url;
      } catch (error) {
        if (error instanceof DidWebSyntaxError) throw new DidResolutionError('invalidDid', did, error.message);
        throw error;
      }
      let response: Response;
      try {
        // A redirect could carry the request to a host the DID does not name.
        response = await fetch(url, { signal, redirect: 'manual', headers: { accept: 'application/did+json, application/json' } });
      } catch (error) {
        throw new DidResolutionError('unreachable', did, `GET ${url} failed`, { cause: error });
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        throw new DidResolutionError('notFound', did, `GET ${url} answered ${response.status}`);
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new DidResolutionError('unreachable', did, `GET ${url} answered ${response.status}`);
      }
      const body = await readLimitedBody(response, options.maxBytes).catch((error: unknown) => {
        throw new DidResolutionError('unreachable', did, `reading the answer of GET ${url} failed`, { cause: error });
      });
      if (body === undefined) throw new DidResolutionError('tooLarge', did, `the document at ${url} exceeds ${options.maxBytes} bytes`);
      let document: unknown;
      try {
        document = JSON.parse(body);
      } catch {
        throw new DidResolutionError('invalidDidDocument', did, `the answer of GET ${url} is not JSON`);
      }
      return checkDidDocument(did, document);
    },
  };
}
