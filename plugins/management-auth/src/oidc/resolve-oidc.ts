/** The oidc settings as a verifier: off without an issuer, a start-up error when half configured. */
import { TdssError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';
import type { ManagementAuthSettings } from '../settings.ts';
import { createOidcVerifier, type OidcVerifier, type RejectionListener } from './oidc-verifier.ts';

export function resolveOidc(settings: ManagementAuthSettings['oidc'], onReject: RejectionListener): OidcVerifier | undefined {
  const { issuer, audience } = settings;
  if (issuer === undefined && audience === undefined) return undefined;
  if (issuer === undefined || audience === undefined) {
    throw new TdssError(`oidc.${issuer === undefined ? 'issuer' : 'audience'} is missing: OpenID Connect needs both issuer and audience`, {
      code: 'MANAGEMENT_AUTH_OIDC_INCOMPLETE',
      plugin: PLUGIN_NAME,
      hint: 'set both (TDSS_OIDC_ISSUER and TDSS_OIDC_AUDIENCE in the postgres profile), or neither to turn OpenID Connect off',
    });
  }
  return createOidcVerifier({ ...settings, issuer, audience }, onReject);
}
