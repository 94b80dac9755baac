/** The URLs of the bundled contexts, as the specifications write them. */
export const DSP_2025_1_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
export const DSP_2025_1_ODRL_PROFILE = 'https://w3id.org/dspace/2025/1/odrl-profile.jsonld';
export const DSP_2024_1_CONTEXT = 'https://w3id.org/dspace/2024/1/context.json';
export const ODRL_CONTEXT = 'http://www.w3.org/ns/odrl.jsonld';
export const CREDENTIALS_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const CREDENTIALS_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const DCP_V1_0_CONTEXT = 'https://w3id.org/dspace-dcp/v1.0/dcp.jsonld';
export const JWS_2020_V1_CONTEXT = 'https://w3id.org/security/suites/jws-2020/v1';
export const SECURITY_V1_CONTEXT = 'https://w3id.org/security/v1';
export const SECURITY_V2_CONTEXT = 'https://w3id.org/security/v2';
