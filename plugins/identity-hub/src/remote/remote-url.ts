import { isLoopback } from '../did/did-web-url.ts';

/**
 * URLs from other parties (a credential service in a DID document, a status list in a credential)
 * are reached over https only; plain http only on loopback hosts and only when allowed, for tests.
 * Returns why a URL is refused, or undefined.
 */
export function remoteUrlProblem(value: unknown, options: { httpLoopback: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return 'is not a URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && options.httpLoopback && isLoopback(url.hostname)) return undefined;
  return 'must be an https URL';
}
