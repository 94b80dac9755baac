/**
 * The ways into the management API, tried by the shape of the bearer value: the operator token
 * (compared in constant time), else a JWT, routed by its unverified `iss` to the verifier of that
 * issuer, which then checks everything itself. Without any configured way in, every request is
 * refused with a detail that says how to configure one.
 */
import { decodeJwt } from 'jose';
import { type ManagementAccess, type Principal, unauthenticated } from '@tdss/sdk';
import { ADMIN_PRINCIPAL, createAdminTokenCheck } from '../bootstrap/admin-token.ts';
import type { OidcVerifier } from '../oidc/oidc-verifier.ts';
import { PLUGIN_NAME } from '../plugin-name.ts';
import { TENANT_TOKEN_ISSUER, type TenantTokens } from '../tenant-tokens/tenant-tokens.ts';
import { bearerToken } from './bearer-token.ts';

export const HOW_TO_CONFIGURE =
  `the management API has no way in configured: set the environment variable TDSS_ADMIN_TOKEN (at least 16 characters; ` +
  `the built-in profiles pass it to the setting adminToken of ${PLUGIN_NAME}), or the settings oidc.issuer and oidc.audience of ` +
  `${PLUGIN_NAME} (TDSS_OIDC_ISSUER and TDSS_OIDC_AUDIENCE in the postgres profile); then send "Authorization: Bearer <token>"`;

export interface AccessWays {
  adminToken?: string;
  oidc?: OidcVerifier;
  tenantTokens: TenantTokens;
}

export function createManagementAccess(ways: AccessWays): ManagementAccess {
  const isAdminToken = ways.adminToken === undefined ? undefined : createAdminTokenCheck(ways.adminToken);
  const configured = isAdminToken !== undefined || ways.oidc !== undefined;
  return {
    async authenticate(authorization): Promise<Principal> {
      if (!configured) throw unauthenticated(HOW_TO_CONFIGURE);
      const token = bearerToken(authorization);
      if (token === undefined) throw unauthenticated('the management API needs "Authorization: Bearer <token>": the operator token, an OpenID Connect access token or a tenant token');
      if (isAdminToken?.(token)) return ADMIN_PRINCIPAL;
      const issuer = unverifiedIssuer(token);
      if (issuer === TENANT_TOKEN_ISSUER) return ways.tenantTokens.verify(token);
      if (issuer !== undefined && ways.oidc) return ways.oidc.verify(token);
      throw unauthenticated('the bearer token is not valid for this API', 'Bearer realm="tdss-management", error="invalid_token"');
    },
  };
}

/** Only to pick a verifier: nothing of an unverified token is trusted. */
function unverifiedIssuer(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}
