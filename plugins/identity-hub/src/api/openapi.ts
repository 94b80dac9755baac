/** OpenAPI 3.1 fragments of the identity API (management context) and of did:web (identity context). */
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { KEY_ALGORITHMS, KEY_PAIR_STATES } from '../keys/key-pair.ts';
import { json, ref, participantIdParameter } from './openapi-parts.ts';

const TAG = 'Identity';

const participantId = participantIdParameter();
const keyPairId = { name: 'keyPairId', in: 'path', required: true, description: 'The key pair id.', schema: { type: 'string' } };
const paging = [
  { name: 'offset', in: 'query', description: 'Items to skip.', schema: { type: 'integer', minimum: 0, default: 0 } },
  { name: 'limit', in: 'query', description: 'Items to return (at most 500).', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
];
const errors = {
  '400': problemResponse('Invalid participant id, parameter or body.'),
  '404': problemResponse('The participant has no such item.'),
};
const keyPairAnswer = { description: 'The key pair.', content: json(ref('IdentityKeyPair')) };

const keyPairChange = (summary: string, description: string, responses: Record<string, unknown>, body?: object) => ({
  post: {
    tags: [TAG],
    summary,
    description,
    parameters: [participantId, keyPairId],
    ...(body ? { requestBody: { required: false, content: json(body) } } : {}),
    responses: { ...responses, ...errors, '409': problemResponse('The key pair is not in a state that allows this.') },
  },
});

const page = (item: string) => ({
  type: 'object',
  required: ['items', 'total', 'offset', 'limit'],
  properties: {
    items: { type: 'array', items: ref(item) },
    total: { type: 'integer', description: 'Items matching, on all pages.' },
    offset: { type: 'integer' },
    limit: { type: 'integer', description: 'The limit applied.' },
  },
});

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };

export const managementOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'DIDs and key pairs of participants (identity hub).' }],
  paths: {
    '/v1/participants/{participantId}/dids': {
      get: {
        tags: [TAG],
        summary: 'List the DIDs of a participant',
        parameters: [participantId, ...paging],
        responses: { '200': { description: 'A page of DIDs.', content: json(ref('IdentityDidPage')) }, ...errors },
      },
    },
    '/v1/participants/{participantId}/dids/{did}': {
      get: {
        tags: [TAG],
        summary: 'Get a DID of a participant with its current document',
        parameters: [participantId, { name: 'did', in: 'path', required: true, description: 'The DID, URL-encoded.', schema: { type: 'string' } }],
        responses: { '200': { description: 'The DID and its document.', content: json(ref('IdentityDidWithDocument')) }, ...errors },
      },
    },
    '/v1/participants/{participantId}/keypairs': {
      get: {
        tags: [TAG],
        summary: 'List the key pairs of a participant',
        parameters: [
          participantId,
          ...paging,
          { name: 'state', in: 'query', description: 'Only key pairs in this state.', schema: { enum: [...KEY_PAIR_STATES] } },
        ],
        responses: { '200': { description: 'A page of key pairs, oldest first.', content: json(ref('IdentityKeyPairPage')) }, ...errors },
      },
      post: {
        tags: [TAG],
        summary: 'Create a key pair',
        description:
          'Generates a key pair whose private key stays in the SecretStore. The first key pair also creates the participant\'s DID. ' +
          'With activate (the default) it becomes the signing key and enters the DID document; 409 while another key is active.',
        parameters: [participantId],
        requestBody: { required: false, content: json(ref('IdentityNewKeyPair')) },
        responses: {
          '201': { description: 'The key pair created.', content: json(ref('IdentityKeyPair')) },
          ...errors,
          '409': problemResponse('Another key pair is active, or the key id is taken.'),
        },
      },
    },
    '/v1/participants/{participantId}/keypairs/{keyPairId}': {
      get: { tags: [TAG], summary: 'Get a key pair', parameters: [participantId, keyPairId], responses: { '200': keyPairAnswer, ...errors } },
    },
    '/v1/participants/{participantId}/keypairs/{keyPairId}/activate': keyPairChange(
      'Activate a created key pair',
      'CREATED → ACTIVATED: it signs from now on and enters the DID document. 409 while another key pair is active.',
      { '200': keyPairAnswer },
    ),
    '/v1/participants/{participantId}/keypairs/{keyPairId}/rotate': keyPairChange(
      'Rotate the active key pair',
      'Creates and activates a successor; the rotated key pair stays in the DID document (what it signed still verifies) and its private key is destroyed.',
      {
        '200': {
          description: 'The rotated key pair and its successor.',
          content: json({ type: 'object', required: ['rotated', 'successor'], properties: { rotated: ref('IdentityKeyPair'), successor: ref('IdentityKeyPair') } }),
        },
      },
      ref('IdentityRotateKeyPair'),
    ),
    '/v1/participants/{participantId}/keypairs/{keyPairId}/revoke': keyPairChange(
      'Revoke a key pair',
      'Removes it from the DID document and destroys its private key: what it signed no longer verifies.',
      { '200': keyPairAnswer },
    ),
  },
  components: {
    schemas: {
      IdentityNewKeyPair: {
        type: 'object',
        additionalProperties: false,
        properties: {
          algorithm: { enum: [...KEY_ALGORITHMS], description: 'Default: the plugin setting defaultKeyAlgorithm.' },
          keyId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$', description: 'DID URL fragment. Default: the RFC 7638 JWK thumbprint.' },
          activate: { type: 'boolean', default: true },
        },
      },
      IdentityRotateKeyPair: {
        type: 'object',
        additionalProperties: false,
        description: 'The successor key pair.',
        properties: {
          algorithm: { enum: [...KEY_ALGORITHMS], description: 'Default: the algorithm of the rotated key pair.' },
          keyId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' },
        },
      },
      IdentityKeyPair: {
        type: 'object',
        required: ['id', 'participantId', 'keyId', 'verificationMethodId', 'algorithm', 'state', 'publicJwk', 'createdAt'],
        properties: {
          id: { type: 'string' },
          participantId: { type: 'string' },
          keyId: { type: 'string' },
          verificationMethodId: { type: 'string', description: '`<did>#<keyId>`, the kid of what it signs.' },
          algorithm: { enum: [...KEY_ALGORITHMS] },
          state: { enum: [...KEY_PAIR_STATES] },
          publicJwk: { type: 'object', description: 'The public key only.' },
          createdAt: dateTime,
          activatedAt: nullableDateTime,
          rotatedAt: nullableDateTime,
          revokedAt: nullableDateTime,
        },
      },
      IdentityKeyPairPage: page('IdentityKeyPair'),
      IdentityDid: {
        type: 'object',
        required: ['did', 'participantId', 'documentUrl', 'createdAt', 'updatedAt'],
        properties: {
          did: { type: 'string' },
          participantId: { type: 'string' },
          documentUrl: { type: 'string', description: 'Where did:web resolution fetches the document.' },
          createdAt: dateTime,
          updatedAt: { ...dateTime, description: 'Last change of the document.' },
        },
      },
      IdentityDidPage: page('IdentityDid'),
      IdentityDidWithDocument: {
        allOf: [ref('IdentityDid'), { type: 'object', required: ['document'], properties: { document: ref('IdentityDidDocument') } }],
      },
      IdentityDidDocument: {
        type: 'object',
        description: 'A DID Core document: JsonWebKey2020 verification methods and CredentialService (and other) service entries.',
        required: ['id'],
        properties: { id: { type: 'string' }, verificationMethod: { type: 'array' }, service: { type: 'array' } },
      },
    },
  },
};

export const identityOpenApi: OpenApiFragment = {
  tags: [{ name: 'did:web', description: 'DID documents of participants, where did:web resolution fetches them.' }],
  paths: {
    '/{participantId}/did.json': {
      get: {
        tags: ['did:web'],
        summary: 'The DID document of a participant',
        parameters: [participantId],
        responses: {
          '200': {
            description: 'The document of did:web:<host>:<identity path>:<participantId>.',
            content: { 'application/did+ld+json': { schema: ref('IdentityDidDocument') } },
          },
          '404': problemResponse('No document is published at this path.'),
        },
      },
    },
  },
  components: { schemas: { IdentityDidDocument: managementOpenApi.components!.schemas!.IdentityDidDocument! } },
};
