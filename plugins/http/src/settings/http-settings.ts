/**
 * Settings of the HTTP plugin. Top-level `host`, `port` and `maxBodyBytes` apply to every context,
 * so the common profile only sets a port; `contexts.<name>` overrides them for one context.
 */
import { API_CONTEXTS, type ApiContextName, type Static, Type } from '@tdss/sdk';

/** Where each known context is mounted unless a profile moves it. */
export const DEFAULT_CONTEXT_PATHS: Record<ApiContextName, string> = {
  management: '/management',
  protocol: '/protocol',
  signaling: '/signaling',
  public: '/public',
  identity: '/identity',
  observability: '',
};

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

const CONTEXT_NAME = '^[a-z][a-z0-9-]*$';

function contextSettings(name?: ApiContextName) {
  const pathDescription = 'URL path prefix of the context, without a trailing slash; `` mounts it at the root.';
  const path = { pattern: '^(/[^/?#\\s]+)*$' };
  return Type.Object(
    {
      host: Type.Optional(
        Type.String({ minLength: 1, description: 'Interface this context listens on. Default: the top-level `host`.' }),
      ),
      port: Type.Optional(
        Type.Integer({
          minimum: 0,
          maximum: 65535,
          description: 'Port of this context; contexts with the same host and port share one server. Default: the top-level `port`.',
        }),
      ),
      path: name
        ? Type.String({ ...path, default: DEFAULT_CONTEXT_PATHS[name], description: pathDescription })
        : Type.Optional(Type.String({ ...path, description: `${pathDescription} Default: \`/<context name>\`.` })),
      publicUrl: Type.Optional(
        Type.String({
          pattern: '^https?://[^\\s?#]+$',
          description:
            'Absolute base URL of this context as clients see it (behind a proxy or load balancer), e.g. `https://dsp.example.com/protocol`. Default: the bound address.',
        }),
      ),
      maxBodyBytes: Type.Optional(
        Type.Integer({ minimum: 1, description: 'Largest JSON request body this context parses. Default: the top-level `maxBodyBytes`.' }),
      ),
    },
    { default: {}, description: name ? `The ${name} API context.` : 'An API context added by the profile.' },
  );
}

export const HttpSettings = Type.Object({
  host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface every context listens on unless it sets its own.' }),
  port: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 8080,
    description: 'Port every context listens on unless it sets its own; 0 picks a free port (tests).',
  }),
  publicUrl: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s?#]+$',
      description:
        "Absolute URL at which clients reach this runtime's root, behind a proxy or through an embedding host's mount path (e.g. `https://dsp.example.com` or `http://127.0.0.1:3000/tdss`). Each context's URL is this plus the context's path, unless the context sets its own `publicUrl`. Default: the bound address.",
    }),
  ),
  listen: Type.Boolean({
    default: true,
    description: 'Open ports. false opens none: an embedding host serves the contexts through the HttpServer `handler`.',
  }),
  maxBodyBytes: Type.Integer({
    minimum: 1,
    default: DEFAULT_MAX_BODY_BYTES,
    description: 'Largest JSON request body parsed, in bytes (larger ones get 413). Streamed bodies are not limited here.',
  }),
  drainTimeoutMs: Type.Integer({
    minimum: 0,
    default: 10_000,
    description: 'On stop, how long in-flight requests may take to finish before their connections are closed.',
  }),
  contexts: Type.Object(Object.fromEntries(API_CONTEXTS.map((name) => [name, contextSettings(name)])) as Record<ApiContextName, ReturnType<typeof contextSettings>>, {
    patternProperties: { [CONTEXT_NAME]: contextSettings() },
    additionalProperties: false,
    default: {},
    description: 'Per-context overrides, and further contexts (lower-case names) the profile adds.',
  }),
});

export type HttpSettings = Static<typeof HttpSettings>;
