/**
 * The embedding API: a host process builds a TDSS runtime from a profile and serves its HTTP
 * API from its own server through `handler`, or lets TDSS listen on its own ports.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRuntime, loadProfile, ProfileError, type Runtime, type RuntimeOptions } from '@tdss/kernel';
import { type AnyPlugin, HttpServer, ProblemError } from '@tdss/sdk';
import type { DestinationStream } from 'pino';
import { profilePath, RUNTIME_DIR } from './builtin-profiles.ts';
import { mergeSettings } from './merge-settings.ts';

/** A runtime described in code rather than in a file. */
export interface InlineProfile {
  runtime?: Record<string, unknown>;
  plugins: Array<{ plugin: AnyPlugin; settings?: unknown }>;
}

export interface LaunchOptions {
  /** Environment for `${ENV}` interpolation; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Merged over the profile's `runtime` section. */
  runtime?: Record<string, unknown>;
  /** Merged over plugin settings, by plugin name, e.g. `{ '@tdss/http': { listen: false } }`. */
  settings?: Record<string, unknown>;
  logDestination?: DestinationStream;
}

export interface TdssHandle {
  readonly runtime: Runtime;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every plugin has started. */
  readonly ready: Promise<void>;
  /** Serves every API context by path; answers 503 until the HTTP plugin has started. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Base URL of an API context, e.g. `url('management')`. */
  url(context: string): string;
}

/**
 * @param profile a built-in profile name (`all-in-one`, `postgres`), a profile file, or an inline profile.
 */
export async function launch(profile: string | InlineProfile, options: LaunchOptions = {}): Promise<TdssHandle> {
  const base = typeof profile === 'string' ? await fromFile(profile, options) : fromInline(profile);
  const runtime = createRuntime({
    ...base,
    runtime: mergeSettings(base.runtime ?? {}, options.runtime),
    plugins: base.plugins.map((entry) => ({
      ...entry,
      settings: mergeSettings(entry.settings ?? {}, options.settings?.[entry.plugin.name]),
    })),
    ...(options.logDestination ? { logDestination: options.logDestination } : {}),
  });
  return createHandle(runtime);
}

async function fromFile(profile: string, options: LaunchOptions): Promise<RuntimeOptions> {
  const loaded = await loadProfile(profilePath(profile), { searchFrom: [RUNTIME_DIR], ...(options.env ? { env: options.env } : {}) });
  if (loaded.issues.length) throw new ProfileError(loaded.file, loaded.issues);
  return loaded.options;
}

function fromInline(profile: InlineProfile): RuntimeOptions {
  return {
    source: 'the inline profile',
    runtime: profile.runtime,
    plugins: profile.plugins.map(({ plugin, settings }) => ({ plugin, settings, path: ['plugins', plugin.name] })),
  };
}

function createHandle(runtime: Runtime): TdssHandle {
  const notReady = new ProblemError(503, 'TDSS is not ready yet', { type: 'unavailable' });
  return {
    runtime,
    start: () => runtime.start(),
    stop: () => runtime.stop(),
    ready: runtime.ready,
    handler(req, res) {
      // Once the HTTP plugin has started it answers for every state itself (503 while starting).
      const http = runtime.getOptional(HttpServer);
      if (http) return http.handler(req, res);
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      res.end(JSON.stringify(notReady.toProblem(req.url)));
    },
    url: (context) => runtime.get(HttpServer).url(context),
  };
}
