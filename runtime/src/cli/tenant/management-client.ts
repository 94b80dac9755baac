/**
 * A client of the tenant API (`<management URL>/v1/tenants`) with the operator token. Every
 * refusal becomes a CommandError an operator can act on: the problem's title and detail, the
 * fields a 400 names, how to pass a token after a 401, and which URL did not answer.
 */
import { CommandError } from './command-error.ts';

export const DEFAULT_MANAGEMENT_URL = 'http://127.0.0.1:8080/management';
const REQUEST_TIMEOUT_MS = 30_000;

export interface ManagementTarget {
  /** The management context's base URL, e.g. http://127.0.0.1:8080/management. */
  url: string;
  token: string | undefined;
}

export interface ApiAnswer<T> {
  body: T;
  headers: Headers;
}

export interface ManagementClient {
  readonly url: string;
  /** `path` is relative to `/v1/tenants`, e.g. `/acme/suspend` or `?state=ACTIVE`. */
  call<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: Array<{ path?: string; problem?: string }>;
}

export function createManagementClient(target: ManagementTarget): ManagementClient {
  const url = target.url.replace(/\/+$/, '');
  return {
    url,
    async call<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
      const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
      if (target.token) headers.authorization = `Bearer ${target.token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await fetch(`${url}/v1/tenants${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw unreachable(url, error);
      }
      const text = await response.text();
      if (response.ok) return { body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
      throw refused(response, text, { url, tokenGiven: Boolean(target.token), sentBody: body !== undefined, collection: path === '' || path.startsWith('?') });
    },
  };
}

function unreachable(url: string, error: unknown): CommandError {
  const cause = (error as { cause?: { code?: string } }).cause;
  const why =
    (error as Error).name === 'TimeoutError'
      ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
      : cause?.code === 'ECONNREFUSED'
        ? 'connection refused'
        : cause?.code === 'ENOTFOUND'
          ? 'host not found'
          : (cause?.code ?? (error as Error).message);
  return new CommandError(
    `tdss tenant: cannot reach the management API at ${url} (${why})\n` +
      '  → the runtime must be running: start it with `npm start` (or `tdss start`), ' +
      'or point --url (or TDSS_MANAGEMENT_URL) at its management context',
    { transient: true },
  );
}

interface RequestFacts {
  url: string;
  tokenGiven: boolean;
  sentBody: boolean;
  /** A request of /v1/tenants itself, which exists on every management context. */
  collection: boolean;
}

function refused(response: Response, text: string, request: RequestFacts): CommandError {
  const problem = readProblem(response, text);
  const transient = response.status === 502 || response.status === 503 || response.status === 504;
  if (!problem) {
    return new CommandError(
      `tdss tenant: HTTP ${response.status} ${response.statusText} from ${request.url}, not a problem answer of TDSS\n` +
        '  → is --url (or TDSS_MANAGEMENT_URL) the management context of a TDSS runtime, e.g. http://127.0.0.1:8080/management?',
      { transient },
    );
  }
  const title = problem.title ?? `HTTP ${response.status}`;
  const fields = (problem.errors ?? []).filter((e) => e.problem);
  let message = fields.length
    ? `tdss tenant: ${title}:${fields.map((e) => `\n  ${describeField(e.path ?? '', request.sentBody)}: ${e.problem}`).join('')}`
    : `tdss tenant: ${title}${problem.detail ? `: ${problem.detail}` : ''}`;
  if (response.status === 404 && request.collection) {
    message += `\n  → ${request.url} has no tenant API: is --url (or TDSS_MANAGEMENT_URL) the management context, e.g. http://127.0.0.1:8080/management?`;
  }
  if (response.status === 401) {
    message +=
      `\n  → ${request.tokenGiven ? 'the token was refused; pass' : 'no token was given; pass'} the operator token ` +
      '(the TDSS_ADMIN_TOKEN the runtime started with) as the environment variable TDSS_TOKEN or with --token';
  }
  return new CommandError(message, { transient });
}

function readProblem(response: Response, text: string): Problem | undefined {
  if (!/json/.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Problem) : undefined;
  } catch {
    return undefined;
  }
}

/** The top-level fields of a request body are the options of `tdss tenant create` of the same name. */
function describeField(path: string, sentBody: boolean): string {
  if (!path) return 'the request body';
  const option = /^[a-z]+/.exec(path)?.[0];
  return sentBody && option ? `field ${path} (--${option})` : `field ${path}`;
}
