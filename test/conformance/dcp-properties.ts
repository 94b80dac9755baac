// The DCP kit's configuration for a TDSS run (README.md, "DCP kit"), one per role under test: the
// kit's own server and DIDs, and the TDSS participant (and its endpoints) playing that role.

/** The kit's suites, by the role TDSS plays, with the packages that hold their tests. */
export const DCP_SUITES = {
  'credential-service': [
    'org.eclipse.dataspacetck.dcp.verification.presentation.cs',
    'org.eclipse.dataspacetck.dcp.verification.issuance.cs',
  ],
  verifier: ['org.eclipse.dataspacetck.dcp.verification.presentation.verifier'],
  issuer: ['org.eclipse.dataspacetck.dcp.verification.issuance.issuer'],
} as const satisfies Record<string, readonly string[]>;

export type DcpSuite = keyof typeof DCP_SUITES;

export function isDcpSuite(name: string): name is DcpSuite {
  return Object.hasOwn(DCP_SUITES, name);
}

export interface DcpKitServer {
  /** Where TDSS reaches the kit (callbacks, its DIDs): a free loopback port. */
  callbackPort: number;
  /** Where the kit listens, when a proxy stands at `callbackPort`; `callbackPort` by default. */
  listenPort?: number;
}

export interface DcpCredentialServiceTarget extends DcpKitServer {
  /** The did:web of the participant context under test; its document names the credential service. */
  holderDid: string;
  /** The STS base; the kit appends `/token`. */
  stsUrl: string;
  stsClientId: string;
  stsClientSecret: string;
}

export interface DcpVerifierTarget extends DcpKitServer {
  /** The did:web of the participant context whose DSP endpoint verifies the kit's holder. */
  verifierDid: string;
  /** Where the kit posts its CatalogRequestMessage: that participant context's `<dsp>/catalog/request`. */
  triggerEndpoint: string;
}

export interface DcpIssuerTarget extends DcpKitServer {
  /** The did:web of the issuing participant; its document names the IssuerService. */
  issuerDid: string;
}

/** The kit issues the test credentials itself under this DID (cs and verifier runs), so TDSS must trust it. */
export function kitIssuerDid(callbackPort: number): string {
  return `did:web:127.0.0.1%3A${callbackPort}:issuer`;
}

function kitServer({ callbackPort, listenPort = callbackPort }: DcpKitServer): Record<string, string> {
  return {
    'dataspacetck.launcher': 'org.eclipse.dataspacetck.dcp.system.DcpSystemLauncher',
    'dataspacetck.host': '127.0.0.1',
    'dataspacetck.port': String(listenPort),
    'dataspacetck.callback.address': `http://127.0.0.1:${callbackPort}`,
  };
}

export function dcpCredentialServiceProperties(target: DcpCredentialServiceTarget): Record<string, string> {
  return {
    ...kitServer(target),
    'dataspacetck.did.holder': target.holderDid,
    'dataspacetck.sts.url': target.stsUrl,
    'dataspacetck.sts.client.id': target.stsClientId,
    'dataspacetck.sts.client.secret': target.stsClientSecret,
  };
}

/** No STS: the kit signs its holder's tokens itself (with `sts.url` set, its verifier tests cannot get a token). */
export function dcpVerifierProperties(target: DcpVerifierTarget): Record<string, string> {
  return {
    ...kitServer(target),
    'dataspacetck.did.verifier': target.verifierDid,
    'dataspacetck.vpp.trigger.endpoint': target.triggerEndpoint,
  };
}

/** The kit plays the holder (its own credential service receives what TDSS issues). */
export function dcpIssuerProperties(target: DcpIssuerTarget): Record<string, string> {
  return {
    ...kitServer(target),
    'dataspacetck.did.issuer': target.issuerDid,
  };
}
