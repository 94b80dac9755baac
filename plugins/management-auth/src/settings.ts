import { type Static, Type } from '@tdss/sdk';

export const ManagementAuthSettings = Type.Object({
  adminToken: Type.Optional(
    Type.String({
      minLength: 16,
      description:
        'Bootstrap bearer token of the operator (`Authorization: Bearer <token>`, role operator, every tenant). ' +
        'The built-in profiles set it from TDSS_ADMIN_TOKEN.',
    }),
  ),
  oidc: Type.Object(
    {
      issuer: Type.Optional(
        Type.String({
          format: 'uri',
          description: 'Issuer of operator access tokens (OpenID Connect); its discovery document names the JWKS. Without it OIDC is off.',
        }),
      ),
      audience: Type.Optional(Type.String({ minLength: 1, description: 'Audience (`aud`) access tokens must carry; required with issuer.' })),
      rolesClaim: Type.String({
        minLength: 1,
        default: 'roles',
        description: 'Claim holding the management roles (`operator`, `viewer`): an array or a space-separated string; dots reach into objects (`realm_access.roles`).',
      }),
      tenantClaim: Type.String({
        minLength: 1,
        default: 'tenant',
        description: 'Claim whose value scopes a token to one tenant (= participant context id); dots reach into objects.',
      }),
      clockToleranceSeconds: Type.Integer({ minimum: 0, maximum: 300, default: 30, description: 'Clock skew allowed on `exp`, `nbf` and `iat`.' }),
      jwksCacheMaxAgeSeconds: Type.Integer({ minimum: 1, default: 600, description: 'How long fetched signing keys are used before the JWKS is fetched again.' }),
      jwksCooldownSeconds: Type.Integer({
        minimum: 0,
        default: 30,
        description: 'Least time between two JWKS fetches triggered by unknown key ids, so forged `kid`s cannot make the runtime hammer the provider.',
      }),
    },
    { default: {} },
  ),
  tenantTokens: Type.Object(
    {
      defaultTtlSeconds: Type.Integer({ minimum: 1, default: 900, description: 'Lifetime of a minted tenant token when the request names none.' }),
      maxTtlSeconds: Type.Integer({ minimum: 1, default: 86_400, description: 'Longest lifetime a minted tenant token may ask for.' }),
    },
    { default: {} },
  ),
});

export type ManagementAuthSettings = Static<typeof ManagementAuthSettings>;
