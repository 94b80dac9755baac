/** OpenAPI 3.1 fragments of the issuer: its section of the identity API and its DCP issuer service. */
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { json, participantIdParameter, ref } from '../../api/openapi-parts.ts';
import { CREDENTIAL_FORMATS } from '../../credentials/parsed-credential.ts';
import { ISSUANCE_STATES } from '../requests/issuance-request.ts';

const TAG = 'Issuer';
const participantId = participantIdParameter('The issuing participant context id.');
const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', description, schema });
const page = [
  query('offset', 'Items to skip.', { type: 'integer', minimum: 0, default: 0 }),
  query('limit', 'Items to return (at most 500).', { type: 'integer', minimum: 1, maximum: 500, default: 50 }),
];
const list = (item: string, description: string) => ({
  '200': { description: `${description}, oldest first; \`X-Total-Count\` and \`Link\` headers as on every list.`, content: json({ type: 'array', items: ref(item) }) },
  '400': problemResponse('Invalid participant id or query parameter.'),
});
const one = (item: string, description: string, notFound: string) => ({
  '200': { description, content: json(ref(item)) },
  '400': problemResponse('Invalid participant id.'),
  '404': problemResponse(notFound),
});
const definitionId = path('definitionId', 'The credential definition id: the CredentialObject id in the issuer metadata.');
const requestId = path('requestId', 'The issuance request id: its issuerPid.');
const issuedCredentialId = path('issuedCredentialId', 'The id of the issued credential entry.');
const dateTime = { type: 'string', format: 'date-time' };
const nullable = (schema: { type: string; [k: string]: unknown }) => ({ ...schema, type: [schema.type, 'null'] });
const claims = { type: 'object', additionalProperties: true, description: 'Claims of the credential subject besides its id (the holder DID).' };

const attestation = {
  oneOf: [
    {
      type: 'object',
      required: ['type', 'holders'],
      additionalProperties: false,
      description: 'Only the holders listed may have the credential; the claims of every entry that matches go into it.',
      properties: {
        type: { const: 'holderAllowList' },
        holders: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['holder'],
            additionalProperties: false,
            properties: { holder: { type: 'string', description: 'A holder DID, or a pattern with * for any characters.' }, claims },
          },
        },
      },
    },
    {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      description: 'Each request waits until an operator approves or rejects it.',
      properties: { type: { const: 'operatorApproval' } },
    },
  ],
};

const newDefinition = {
  type: 'object',
  required: ['credentialType', 'attestations'],
  additionalProperties: false,
  properties: {
    credentialType: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,255}$', description: 'The type term, e.g. MembershipCredential.' },
    format: { enum: [...CREDENTIAL_FORMATS], default: 'vc11-sl2021/jwt', description: 'The DCP profile of the credentials issued.' },
    validitySeconds: { type: 'integer', minimum: 60, maximum: 315_360_000, default: 31_536_000, description: 'How long an issued credential is valid.' },
    claims: { ...claims, default: {}, description: 'Claims every holder\'s credential subject gets.' },
    attestations: { type: 'array', minItems: 1, items: ref('IssuerAttestation'), description: 'All must let the holder have the credential.' },
    signingKeyPairId: {
      type: 'string',
      format: 'uuid',
      description: 'The key pair that signs its credentials: one of the participant\'s, under assertionMethod in its DID document and able to sign (ACTIVATED). Absent: the active key at signing. Once that key is rotated or revoked, requests are rejected until the definition names another.',
    },
    credentialSchema: { type: 'string', format: 'uri', maxLength: 2048, description: 'URL of the JSON schema of the credential subject: in the metadata, and in every credential issued (`credentialSchema`, type JsonSchema).' },
  },
};

export const issuerManagementOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Participants as DCP credential issuers (identity hub): credential definitions, issuance requests, issued credentials and revocation.' }],
  paths: {
    '/v1/participants/{participantId}/issuer/credential-definitions': {
      post: {
        tags: [TAG],
        summary: 'Define a credential the participant issues',
        description: 'The first definition adds an IssuerService entry to the participant\'s DID document. Credentials are signed with the key pair it names, or the active key.',
        parameters: [participantId],
        requestBody: { required: true, content: json(ref('IssuerNewCredentialDefinition')) },
        responses: {
          '201': { description: 'Created; `Location` names it.', content: json(ref('IssuerCredentialDefinition')) },
          '400': problemResponse('Invalid definition; `errors` names the member (e.g. a signingKeyPairId that is unknown, not under assertionMethod, or cannot sign).'),
          '409': problemResponse('The participant has no DID yet, or already defines this type in this format.'),
        },
      },
      get: {
        tags: [TAG],
        summary: 'List the participant\'s credential definitions',
        parameters: [participantId, ...page, query('credentialType', 'Only this type.'), query('format', 'Only this format.')],
        responses: list('IssuerCredentialDefinition', 'A page of definitions'),
      },
    },
    '/v1/participants/{participantId}/issuer/credential-definitions/{definitionId}': {
      get: { tags: [TAG], summary: 'Get a credential definition', parameters: [participantId, definitionId], responses: one('IssuerCredentialDefinition', 'The definition.', 'No such definition of this participant.') },
      put: {
        tags: [TAG],
        summary: 'Replace a credential definition\'s validity, claims, attestations, signing key and schema',
        description: 'The body is a whole definition; its credentialType and format must be the stored ones. Requests not yet issued are decided by the new attestations.',
        parameters: [participantId, definitionId],
        requestBody: { required: true, content: json(ref('IssuerNewCredentialDefinition')) },
        responses: {
          ...one('IssuerCredentialDefinition', 'The definition.', 'No such definition of this participant.'),
          '409': problemResponse('Another credentialType or format than the stored ones.'),
        },
      },
      delete: {
        tags: [TAG],
        summary: 'Delete a credential definition',
        description: 'Requests for it not yet issued are rejected; credentials issued from it stay valid until revoked.',
        parameters: [participantId, definitionId],
        responses: { '204': { description: 'Deleted.' }, '400': problemResponse('Invalid participant id.'), '404': problemResponse('No such definition of this participant.') },
      },
    },
    '/v1/participants/{participantId}/issuer/requests': {
      get: {
        tags: [TAG],
        summary: 'List the issuance requests holders made',
        parameters: [participantId, ...page, query('state', 'Only requests in this state.', { enum: [...ISSUANCE_STATES] }), query('holderDid', 'Only requests of this holder.')],
        responses: list('IssuerIssuanceRequest', 'A page of requests'),
      },
    },
    '/v1/participants/{participantId}/issuer/requests/{requestId}': {
      get: { tags: [TAG], summary: 'Get an issuance request', parameters: [participantId, requestId], responses: one('IssuerIssuanceRequest', 'The request.', 'No such request at this issuer.') },
    },
    '/v1/participants/{participantId}/issuer/requests/{requestId}/approve': {
      post: {
        tags: [TAG],
        summary: 'Approve a request waiting for an operator',
        description: 'It goes on to issuing and delivery to the holder; the other attestations are checked again.',
        parameters: [participantId, requestId],
        responses: { ...one('IssuerIssuanceRequest', 'The request, now ISSUING.', 'No such request at this issuer.'), '409': problemResponse('The request is not waiting for approval.') },
      },
    },
    '/v1/participants/{participantId}/issuer/requests/{requestId}/reject': {
      post: {
        tags: [TAG],
        summary: 'Reject a request waiting for an operator',
        parameters: [participantId, requestId],
        requestBody: {
          required: true,
          content: json({ type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: 1000, description: 'Sent to the holder: nothing confidential.' } } }),
        },
        responses: { ...one('IssuerIssuanceRequest', 'The request, now REJECTING.', 'No such request at this issuer.'), '409': problemResponse('The request is not waiting for approval.') },
      },
    },
    '/v1/participants/{participantId}/issuer/offers': {
      post: {
        tags: [TAG],
        summary: 'Offer credentials to a holder',
        description:
          'Sends a CredentialOfferMessage (DCP Credential Offer API) to the credential service the holder\'s DID document names, authenticated with a self-issued ID token of the issuer: ' +
          'the CredentialObjects of the metadata with the offer\'s reason. The holder may then request them. Nothing is kept.',
        parameters: [participantId],
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['holderDid', 'definitionIds'],
            additionalProperties: false,
            properties: {
              holderDid: { type: 'string', description: 'The holder DID.' },
              definitionIds: { type: 'array', minItems: 1, maxItems: 32, items: { type: 'string' }, description: 'Credential definitions of the participant.' },
              offerReason: { enum: ['reissue', 'proof-key-revocation'], default: 'reissue' },
            },
          }),
        },
        responses: {
          '200': {
            description: 'The CredentialOfferMessage the holder took.',
            content: json({
              type: 'object',
              required: ['@context', 'type', 'issuer', 'credentials'],
              properties: {
                '@context': { type: 'array', items: { type: 'string' } },
                type: { const: 'CredentialOfferMessage' },
                issuer: { type: 'string', description: 'The issuer DID.' },
                credentials: { type: 'array', items: { type: 'object' }, description: 'CredentialObjects as the metadata lists them, with the offer\'s offerReason.' },
              },
            }),
          },
          '400': problemResponse('Invalid offer, or a definition the participant does not have; `errors` names the member.'),
          '404': problemResponse('The participant issues nothing.'),
          '502': problemResponse('The holder could not be resolved or reached, or refused the offer (its answer in `detail`).'),
        },
      },
    },
    '/v1/participants/{participantId}/issuer/credentials': {
      get: {
        tags: [TAG],
        summary: 'List the credentials the participant issued',
        parameters: [
          participantId,
          ...page,
          query('holderDid', 'Only credentials of this holder.'),
          query('definitionId', 'Only credentials of this definition.'),
          query('requestId', 'Only credentials of this request.'),
          query('signedWith', 'Only credentials this verification method (`<did>#<keyId>`, a key pair\'s verificationMethodId) signed: what its revocation would invalidate.'),
          query('revoked', 'Only revoked (true) or valid (false) ones.', { enum: ['true', 'false'] }),
        ],
        responses: list('IssuerIssuedCredential', 'A page of issued credentials'),
      },
    },
    '/v1/participants/{participantId}/issuer/credentials/{issuedCredentialId}': {
      get: { tags: [TAG], summary: 'Get an issued credential', parameters: [participantId, issuedCredentialId], responses: one('IssuerIssuedCredential', 'The issued credential.', 'No such credential of this issuer.') },
    },
    '/v1/participants/{participantId}/issuer/credentials/{issuedCredentialId}/revoke': {
      post: {
        tags: [TAG],
        summary: 'Revoke an issued credential',
        description: 'Sets its bit in the status list its credentialStatus names; verifiers refuse it once they fetch the list again. Revoking twice changes nothing.',
        parameters: [participantId, issuedCredentialId],
        responses: one('IssuerIssuedCredential', 'The credential, with `revokedAt`.', 'No such credential of this issuer.'),
      },
    },
  },
  components: {
    schemas: {
      IssuerAttestation: attestation,
      IssuerNewCredentialDefinition: newDefinition,
      IssuerCredentialDefinition: {
        type: 'object',
        required: ['id', 'participantId', 'credentialType', 'format', 'validitySeconds', 'claims', 'attestations', 'createdAt'],
        properties: { id: { type: 'string' }, participantId: { type: 'string' }, ...newDefinition.properties, createdAt: dateTime },
      },
      IssuerIssuanceRequest: {
        type: 'object',
        required: ['id', 'participantId', 'holderDid', 'holderPid', 'definitionIds', 'state', 'status', 'attempts', 'createdAt', 'updatedAt'],
        properties: {
          id: { type: 'string', description: 'The issuerPid.' },
          participantId: { type: 'string' },
          holderDid: { type: 'string' },
          holderPid: { type: 'string' },
          definitionIds: { type: 'array', items: { type: 'string' } },
          state: { enum: [...ISSUANCE_STATES] },
          status: { enum: ['RECEIVED', 'ISSUED', 'REJECTED'], description: 'What the holder sees as CredentialStatus.' },
          rejectionReason: nullable({ type: 'string' }),
          errorDetail: nullable({ type: 'string', description: 'Why the delivery failed, for FAILED.' }),
          attempts: { type: 'integer', description: 'Failed delivery attempts in the current state.' },
          nextAttemptAt: nullable({ type: 'string', format: 'date-time' }),
          createdAt: dateTime,
          updatedAt: dateTime,
        },
      },
      IssuerIssuedCredential: {
        type: 'object',
        required: ['id', 'participantId', 'requestId', 'definitionId', 'credentialId', 'credentialType', 'format', 'holderDid', 'signedWith', 'statusListId', 'statusListIndex', 'validFrom', 'validUntil', 'revokedAt', 'createdAt'],
        properties: {
          id: { type: 'string' },
          participantId: { type: 'string' },
          requestId: { type: 'string' },
          definitionId: { type: 'string' },
          credentialId: { type: 'string', description: 'The credential\'s own id.' },
          credentialType: { type: 'string' },
          format: { enum: [...CREDENTIAL_FORMATS] },
          holderDid: { type: 'string' },
          signedWith: nullable({ type: 'string', description: 'The verification method of the signature delivered last.' }),
          statusListId: { type: 'string' },
          statusListIndex: { type: 'integer' },
          validFrom: dateTime,
          validUntil: dateTime,
          revokedAt: nullable({ type: 'string', format: 'date-time' }),
          createdAt: dateTime,
        },
      },
    },
  },
};

const DCP_TAG = 'DCP issuer service';
const bearer = [{ dcpSelfIssuedToken: [] }];
const issuerPath = participantIdParameter('The issuing participant context id.');
const notIssuer = problemResponse('No issuer service at this path (the participant defines no credentials).');

export const issuerServiceOpenApi: OpenApiFragment = {
  tags: [{ name: DCP_TAG, description: 'The DCP 1.0 issuer service of each issuing participant: the IssuerService endpoint of its DID document.' }],
  paths: {
    '/dcp/{participantId}/issuer/metadata': {
      get: {
        tags: [DCP_TAG],
        summary: 'Issuer Metadata API',
        parameters: [issuerPath],
        responses: { '200': { description: 'The credentials the issuer offers.', content: json(ref('DcpIssuerMetadata')) }, '404': notIssuer },
      },
    },
    '/dcp/{participantId}/issuer/credentials': {
      post: {
        tags: [DCP_TAG],
        summary: 'Credential Request API: a holder requests credentials',
        description:
          'The Authorization header carries the holder\'s self-issued ID token (aud = the issuer DID). Its `token` claim, if any, is carried back in the delivery. ' +
          'The credentials are delivered later to the holder\'s Storage API. Sending a holderPid again answers with the same request.',
        security: bearer,
        parameters: [issuerPath],
        requestBody: { required: true, content: json(ref('DcpCredentialRequestMessage')) },
        responses: {
          '201': { description: 'Received; `Location` is the request status.', headers: { Location: { schema: { type: 'string' } } } },
          '400': problemResponse('Invalid message, a credential id the issuer does not offer, or a holder DID outside the bindingMethods (did:web).'),
          '401': problemResponse('The self-issued ID token is missing or not valid.'),
          '404': notIssuer,
          '409': problemResponse('The holderPid already names a request for other credentials.'),
        },
      },
    },
    '/dcp/{participantId}/issuer/requests/{requestId}': {
      get: {
        tags: [DCP_TAG],
        summary: 'Credential Request Status API',
        description: 'Only for the holder that made the request, authenticated as on the request.',
        security: bearer,
        parameters: [issuerPath, requestId],
        responses: {
          '200': { description: 'The status.', content: json(ref('DcpCredentialStatus')) },
          '401': problemResponse('The self-issued ID token is missing or not valid.'),
          '404': problemResponse('No such request of this holder.'),
        },
      },
    },
    '/dcp/{participantId}/issuer/credential-schemas/{definitionId}': {
      get: {
        tags: [DCP_TAG],
        summary: 'The credential subject schema of a definition that names none',
        description: 'The JSON schema (2020-12) the metadata names as `credentialSchema`: the holder DID as `id` and the definition\'s claims with their JSON types; other claims allowed.',
        parameters: [issuerPath, definitionId],
        responses: { '200': { description: 'The schema.', content: { 'application/schema+json': { schema: { type: 'object' } } } }, '404': problemResponse('No such definition, or it names a schema of its own.') },
      },
    },
    '/dcp/{participantId}/issuer/status-lists/{listId}': {
      get: {
        tags: [DCP_TAG],
        summary: 'A status list credential of the issuer',
        description: 'A BitstringStatusListCredential (revocation) with an enveloping JOSE proof of the issuer.',
        parameters: [issuerPath, path('listId', 'The status list id.')],
        responses: { '200': { description: 'The signed list.', content: { 'application/vc+jwt': { schema: { type: 'string' } } } }, '404': problemResponse('No such status list.') },
      },
    },
  },
  components: {
    schemas: {
      DcpIssuerMetadata: {
        type: 'object',
        required: ['@context', 'type', 'issuer'],
        properties: {
          '@context': { type: 'array', items: { type: 'string' } },
          type: { const: 'IssuerMetadata' },
          issuer: { type: 'string', description: 'The issuer DID.' },
          credentialsSupported: { type: 'array', items: ref('DcpCredentialObject') },
        },
      },
      DcpCredentialRequestMessage: {
        type: 'object',
        required: ['@context', 'type', 'holderPid', 'credentials'],
        properties: {
          '@context': { type: 'array', items: { type: 'string' } },
          type: { const: 'CredentialRequestMessage' },
          holderPid: { type: 'string', maxLength: 255 },
          credentials: { type: 'array', minItems: 1, maxItems: 32, items: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'A CredentialObject id of the metadata.' } } } },
        },
      },
      DcpCredentialStatus: {
        type: 'object',
        required: ['@context', 'type', 'issuerPid', 'holderPid', 'status'],
        properties: {
          '@context': { type: 'array', items: { type: 'string' } },
          type: { const: 'CredentialStatus' },
          issuerPid: { type: 'string' },
          holderPid: { type: 'string' },
          status: { enum: ['RECEIVED', 'ISSUED', 'REJECTED'] },
        },
      },
    },
  },
};
