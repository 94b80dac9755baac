import { type Static, Type } from '@tdss/sdk';

export const DataPlaneHttpSettings = Type.Object({
  id: Type.String({ minLength: 1, default: 'dataplane-http', description: 'The data plane id, as control planes know it.' }),
  pullProfile: Type.String({ minLength: 1, default: 'HttpData-PULL', description: 'The transfer profile (DSP format) of consumer pull.' }),
  pushProfile: Type.String({ minLength: 1, default: 'HttpData-PUSH', description: 'The transfer profile (DSP format) of provider push.' }),
  accessTokenTtlSeconds: Type.Integer({ minimum: 1, default: 300, description: 'Lifetime of a pull access token.' }),
  refreshTokenTtlSeconds: Type.Integer({ minimum: 1, default: 3600, description: 'Lifetime of a pull refresh token (renewal profile).' }),
  allowFileSources: Type.Boolean({ default: false, description: 'Serve assets whose data address is `{ type: "File", path }` (local tests and demos only: any readable file of the host).' }),
  store: Type.Union([Type.Literal('sql'), Type.Literal('memory')], { default: 'sql', description: 'Where data flows are kept: the runtime database (shared by replicas) or this process.' }),
  sourceTimeoutMs: Type.Integer({ minimum: 1, default: 30_000, description: 'How long an HTTP source or push destination may take to answer (not to stream).' }),
});

export type DataPlaneHttpSettings = Static<typeof DataPlaneHttpSettings>;

/** Where the pull endpoints are, below the `public` context. */
export const PULL_PATH = '/dataplane-http';
/** Where the DPS data plane API is, below the `signaling` context. */
export const SIGNALING_PATH = '/dataplane-http';
