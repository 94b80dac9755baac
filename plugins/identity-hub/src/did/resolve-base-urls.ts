import { isIP } from 'node:net';
import { type HttpServer, type Logger, TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { IdentityHubSettings } from '../settings.ts';
import { didWebFor, DidWebSyntaxError, isLoopback } from './did-web-url.ts';

export interface BaseUrls {
  didBaseUrl: string;
  credentialServiceBaseUrl: string;
}

/**
 * The URLs DID documents are built from: the settings, else the HTTP contexts. Start-up fails
 * when they are not absolute or cannot form a did:web; a did:web that resolvers elsewhere cannot
 * fetch (plain http, or an IP address) is allowed for local use with a warning.
 */
export function resolveBaseUrls(settings: IdentityHubSettings, http: HttpServer, logger: Logger): BaseUrls {
  const didBaseUrl = settings.didBaseUrl?.replace(/\/$/, '') ?? http.url('identity');
  const credentialServiceBaseUrl = settings.credentialServiceBaseUrl?.replace(/\/$/, '') ?? `${http.url('protocol')}/dcp`;
  for (const [name, url] of [['didBaseUrl', didBaseUrl], ['credentialServiceBaseUrl', credentialServiceBaseUrl]] as const) {
    if (!/^https?:\/\//.test(url)) {
      throw new TdssError(`${name} ${JSON.stringify(url)} is not an absolute URL (the HTTP plugin opens no port)`, {
        code: 'IDENTITY_BAD_BASE_URL',
        plugin: PLUGIN_NAME,
        hint: `set ${name} of ${PLUGIN_NAME} to the public http(s) URL`,
      });
    }
  }
  try {
    didWebFor(didBaseUrl, 'participant');
  } catch (error) {
    if (!(error instanceof DidWebSyntaxError)) throw error;
    throw new TdssError(error.message, { code: 'IDENTITY_BAD_BASE_URL', plugin: PLUGIN_NAME, hint: `set didBaseUrl of ${PLUGIN_NAME} to a URL with a domain name` });
  }
  const { protocol, hostname } = new URL(didBaseUrl);
  if (!isLoopback(hostname) && (protocol === 'http:' || isIP(hostname))) {
    logger.warn(
      { didBaseUrl },
      'did:web resolvers fetch https://<domain name>/…; DIDs under this base URL resolve only locally: set didBaseUrl to the public https URL',
    );
  }
  return { didBaseUrl, credentialServiceBaseUrl };
}
