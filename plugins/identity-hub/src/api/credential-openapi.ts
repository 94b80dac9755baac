/** OpenAPI 3.1 fragments of the credentials section of the identity API and of the DCP credential service. */
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { CREDENTIAL_FORMATS } from '../credentials/parsed-credential.ts';
import { CONTAINER_FORMATS } from '../credentials/read-credential-message.ts';
import { json, ref, participantIdParameter } from './openapi-parts.ts';

const TAG = 'Credentials';
const participantId = participantIdParameter();
const entryId = { name: 'credentialEntryId', in: 'path', required: true, description: 'The wallet entry id (`id` of a listed credential).', schema: { type: 'string' } };
const errors = { '400': problemResponse('Invalid participant id or parameter.'), '404': problemResponse('The participant has no such credential.') };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const nullableString = { type: ['string', 'null'] };

const credential = {
  type: 'object',
  required: ['id', 'participantId', 'format', 'types', 'issuer', 'subjectId', 'status', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string', description: 'The wallet entry id.' },
    participantId: { type: 'string' },
    credentialId: { ...nullableString, description: 'The credential\'s own id.' },
    format: { enum: [...CREDENTIAL_FORMATS], description: 'The DCP profile of the credential.' },
    types: { type: 'array', items: { type: 'string' } },
    issuer: { type: 'string', description: 'The issuer DID.' },
    subjectId: { type: 'string', description: 'The DID the credential is about: the holder.' },
    validFrom: nullableDateTime,
    validUntil: nullableDateTime,
    status: { type: 'array', items: { type: 'object' }, description: 'The credentialStatus entries.' },
    issuerPid: nullableString,
    holderPid: nullableString,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const credentialManagementOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Verifiable credentials in participants\' wallets (identity hub); issuers deliver them through the DCP Storage API.' }],
  paths: {
    '/v1/participants/{participantId}/credentials': {
      get: {
        tags: [TAG],
        summary: 'List the credentials of a participant',
        parameters: [
          participantId,
          { name: 'offset', in: 'query', description: 'Items to skip.', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', description: 'Items to return (at most 500).', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: { '200': { description: 'A page of credentials, oldest first.', content: json(ref('IdentityCredentialPage')) }, ...errors },
      },
    },
    '/v1/participants/{participantId}/credentials/{credentialEntryId}': {
      get: {
        tags: [TAG],
        summary: 'Get a credential of a participant, decoded',
        parameters: [participantId, entryId],
        responses: { '200': { description: 'The credential.', content: json(ref('IdentityCredentialDetail')) }, ...errors },
      },
      delete: {
        tags: [TAG],
        summary: 'Delete a credential from a participant\'s wallet',
        description: 'It is no longer presented to verifiers.',
        parameters: [participantId, entryId],
        responses: { '204': { description: 'Deleted.' }, ...errors },
      },
    },
    '/v1/participants/{participantId}/credential-offers': {
      get: {
        tags: [TAG],
        summary: 'List the credential offers a participant received',
        description: 'Offers trusted issuers sent through the DCP Credential Offer API.',
        parameters: [
          participantId,
          { name: 'offset', in: 'query', description: 'Items to skip.', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', description: 'Items to return (at most 500).', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: {
          '200': {
            description: 'A page of offers, oldest first; `X-Total-Count` and `Link` headers as on every list.',
            content: json({ type: 'array', items: ref('IdentityCredentialOffer') }),
          },
          '400': errors['400'],
        },
      },
    },
  },
  components: {
    schemas: {
      IdentityCredentialOffer: {
        type: 'object',
        required: ['id', 'participantId', 'issuer', 'credentials', 'createdAt'],
        properties: {
          id: { type: 'string' },
          participantId: { type: 'string' },
          issuer: { type: 'string', description: 'The issuer DID.' },
          credentials: { type: 'array', items: { type: 'object' }, description: 'The offered CredentialObjects, as the issuer sent them.' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      IdentityCredential: credential,
      IdentityCredentialPage: {
        type: 'object',
        required: ['items', 'total', 'offset', 'limit'],
        properties: {
          items: { type: 'array', items: ref('IdentityCredential') },
          total: { type: 'integer', description: 'Items on all pages.' },
          offset: { type: 'integer' },
          limit: { type: 'integer', description: 'The limit applied.' },
        },
      },
      IdentityCredentialDetail: {
        allOf: [
          ref('IdentityCredential'),
          {
            type: 'object',
            required: ['credential'],
            properties: { credential: { type: 'object', description: 'The decoded JWS payload: JWT claims with `vc` (VC 1.1), or the credential (VC 2.0).' } },
          },
        ],
      },
    },
  },
};

const DCP_TAG = 'DCP credential service';
const bearer = [{ dcpSelfIssuedToken: [] }];

export const credentialServiceOpenApi: OpenApiFragment = {
  tags: [{ name: DCP_TAG, description: 'The DCP 1.0 credential service of each participant: the CredentialService endpoint of its DID document.' }],
  paths: {
    '/dcp/{participantId}/presentations/query': {
      post: {
        tags: [DCP_TAG],
        summary: 'Resolution API: present credentials to a verifier',
        description:
          'The Authorization header carries the verifier\'s self-issued ID token (aud = the holder DID) whose `token` claim is an access token of the holder\'s STS granted to that verifier. ' +
          'The answer holds one presentation per credential format, with the valid credentials that both the scopes and the access token name.',
        security: bearer,
        parameters: [participantId],
        requestBody: { required: true, content: json(ref('DcpPresentationQueryMessage')) },
        responses: {
          '200': { description: 'The presentations.', content: json(ref('DcpPresentationResponseMessage')) },
          '400': problemResponse('Invalid message: no scope, an empty one, or both scope and presentationDefinition.'),
          '401': problemResponse('The self-issued ID token or its access token is missing or not valid.'),
          '404': problemResponse('No credential service at this path.'),
          '501': problemResponse('A presentationDefinition was sent; only scopes are supported.'),
        },
      },
    },
    '/dcp/{participantId}/credentials': {
      post: {
        tags: [DCP_TAG],
        summary: 'Storage API: an issuer delivers credentials',
        description:
          'The Authorization header carries the issuer\'s self-issued ID token (aud = the holder DID). The issuer must be trusted in the holder\'s dataspace, ' +
          'and each credential must verify, be issued by it for types it is trusted for, and be about the holder.',
        security: bearer,
        parameters: [participantId],
        requestBody: { required: true, content: json(ref('DcpCredentialMessage')) },
        responses: {
          '204': { description: 'Stored (or, for REJECTED, noted).' },
          '400': problemResponse('Invalid message or credential.'),
          '401': problemResponse('The self-issued ID token is missing or not valid.'),
          '403': problemResponse('The issuer is not trusted by the holder.'),
          '404': problemResponse('No credential service at this path.'),
        },
      },
    },
    '/dcp/{participantId}/offers': {
      post: {
        tags: [DCP_TAG],
        summary: 'Credential Offer API: an issuer offers credentials',
        description:
          'The Authorization header carries the issuer\'s self-issued ID token (aud = the holder DID). The issuer must be trusted in the holder\'s dataspace ' +
          'and be the `issuer` of the message. The offer is recorded; the identity API lists it.',
        security: bearer,
        parameters: [participantId],
        requestBody: { required: true, content: json(ref('DcpCredentialOfferMessage')) },
        responses: {
          '200': { description: 'Recorded.' },
          '400': problemResponse('Invalid message, or an issuer other than the sender.'),
          '401': problemResponse('The self-issued ID token is missing or not valid.'),
          '403': problemResponse('The issuer is not trusted by the holder.'),
          '404': problemResponse('No credential service at this path.'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      dcpSelfIssuedToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A DCP self-issued ID token.' },
    },
    schemas: {
      DcpCredentialOfferMessage: {
        type: 'object',
        required: ['type', 'issuer', 'credentials'],
        properties: {
          '@context': { type: 'array', items: { type: 'string' } },
          type: { const: 'CredentialOfferMessage' },
          issuer: { type: 'string', description: 'The issuer DID; must be the sender.' },
          credentials: { type: 'array', minItems: 1, items: ref('DcpCredentialObject') },
        },
      },
      DcpCredentialObject: {
        type: 'object',
        required: ['id'],
        properties: {
          id: { type: 'string' },
          type: { const: 'CredentialObject' },
          credentialType: { type: 'string' },
          credentialSchema: { type: 'string' },
          offerReason: { type: 'string' },
          bindingMethods: { type: 'array', items: { type: 'string' } },
          profile: { type: 'string' },
          issuancePolicy: { type: 'object' },
        },
      },
      DcpPresentationQueryMessage: {
        type: 'object',
        required: ['@context', 'type'],
        properties: {
          '@context': { type: 'array', items: { type: 'string' } },
          type: { const: 'PresentationQueryMessage' },
          scope: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'e.g. org.eclipse.dspace.dcp.vc.type:MembershipCredential:read' },
          presentationDefinition: { type: 'object', description: 'Not supported: answered with 501.' },
        },
      },
      DcpPresentationResponseMessage: {
        type: 'object',
        required: ['@context', 'type', 'presentation'],
        properties: {
          '@context': { type: 'array', items: { type: 'string' } },
          type: { const: 'PresentationResponseMessage' },
          presentation: { type: 'array', items: { type: 'string', description: 'A presentation JWS.' } },
        },
      },
      DcpCredentialMessage: {
        type: 'object',
        required: ['@context', 'type', 'issuerPid', 'holderPid', 'status'],
        properties: {
          '@context': { type: 'array', items: { type: 'string' } },
          type: { const: 'CredentialMessage' },
          issuerPid: { type: 'string' },
          holderPid: { type: 'string' },
          status: { enum: ['ISSUED', 'REJECTED'] },
          rejectionReason: { type: ['string', 'null'] },
          credentials: {
            type: 'array',
            items: {
              type: 'object',
              required: ['credentialType', 'format', 'payload'],
              properties: {
                credentialType: { type: 'string' },
                format: { enum: [...CONTAINER_FORMATS] },
                payload: { type: 'string', description: 'The credential JWS.' },
              },
            },
          },
        },
      },
    },
  },
};
