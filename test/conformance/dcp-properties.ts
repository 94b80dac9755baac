// The DCP kit's configuration for a TDSS credential service run (README.md, "DCP kit"): the kit's
// own server, the holder under test, and the holder's HTTP STS from which the kit gets access tokens.

export interface DcpCredentialServiceTarget {
  /** The kit's own server (callbacks, its issuer DID): a free loopback port. */
  callbackPort: number;
  /** The did:web of the participant context under test; its document names the credential service. */
  holderDid: string;
  /** The STS base; the kit appends `/token`. */
  stsUrl: string;
  stsClientId: string;
  stsClientSecret: string;
}

export const DCP_CREDENTIAL_SERVICE_PACKAGES = [
  'org.eclipse.dataspacetck.dcp.verification.presentation.cs',
  'org.eclipse.dataspacetck.dcp.verification.issuance.cs',
] as const;

/** The kit issues the test credentials itself under this DID, so the holder must trust it. */
export function kitIssuerDid(callbackPort: number): string {
  return `did:web:127.0.0.1%3A${callbackPort}:issuer`;
}

export function dcpCredentialServiceProperties(target: DcpCredentialServiceTarget): Record<string, string> {
  return {
    'dataspacetck.launcher': 'org.eclipse.dataspacetck.dcp.system.DcpSystemLauncher',
    'dataspacetck.host': '127.0.0.1',
    'dataspacetck.port': String(target.callbackPort),
    'dataspacetck.callback.address': `http://127.0.0.1:${target.callbackPort}`,
    'dataspacetck.did.holder': target.holderDid,
    'dataspacetck.sts.url': target.stsUrl,
    'dataspacetck.sts.client.id': target.stsClientId,
    'dataspacetck.sts.client.secret': target.stsClientSecret,
  };
}
