/**
 * Two kinds of error cross plugin boundaries: TdssError for the operator (start-up, profiles,
 * wiring) and ProblemError for HTTP clients, rendered as RFC 9457 problem+json by the HTTP plugin.
 */

export interface TdssErrorOptions {
  /** A stable machine-readable code, e.g. `KERNEL_MISSING_PROVIDER`. */
  code: string;
  /** The plugin that raised the error, when there is one. */
  plugin?: string;
  /** What the operator should do about it. */
  hint?: string;
  cause?: unknown;
}

export class TdssError extends Error {
  readonly code: string;
  readonly plugin: string | undefined;
  readonly hint: string | undefined;

  constructor(message: string, options: TdssErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TdssError';
    this.code = options.code;
    this.plugin = options.plugin;
    this.hint = options.hint;
  }

  /** One block of text an operator can act on: who, what, and what to do. */
  describe(): string {
    const who = this.plugin ? `[${this.plugin}] ` : '';
    const hint = this.hint ? `\n  → ${this.hint}` : '';
    return `${who}${this.message}${hint}`;
  }
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://tdss.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** An error whose message is safe to show to an HTTP client. */
export class ProblemError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;

  constructor(
    status: number,
    detail: string,
    options: { type?: string; title?: string; extensions?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProblemError';
    this.status = status;
    this.type = options.type ? new URL(options.type, PROBLEM_BASE).href : 'about:blank';
    this.title = options.title ?? statusTitle(status);
    this.extensions = options.extensions ?? {};
  }

  toProblem(instance?: string): ProblemDetails {
    return {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
    };
  }
}

export const problems = {
  badRequest: (detail: string, extensions?: Record<string, unknown>) =>
    new ProblemError(400, detail, { type: 'bad-request', ...(extensions ? { extensions } : {}) }),
  unauthorized: (detail: string) => new ProblemError(401, detail, { type: 'unauthorized' }),
  forbidden: (detail: string) => new ProblemError(403, detail, { type: 'forbidden' }),
  notFound: (detail: string) => new ProblemError(404, detail, { type: 'not-found' }),
  conflict: (detail: string) => new ProblemError(409, detail, { type: 'conflict' }),
  unavailable: (detail: string) => new ProblemError(503, detail, { type: 'unavailable' }),
};

/** The lookup's value, or undefined when it failed with a 404 problem; other failures pass through. */
export async function unlessNotFound<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) return undefined;
    throw error;
  }
}
