import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { PARTICIPANTS_PATH } from '../participant-context/participant-context-routes.ts';
import { TRANSFER_ROLES } from './transfer-process.ts';
import { TRANSFER_PROCESSES_SEGMENT } from './transfer-management-routes.ts';
import { TRANSFER_PROCESS_STATES } from './transfer-states.ts';

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const body = (ref: string, required: boolean) => ({ required, content: { ...json(ref), 'application/ld+json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const tags = ['transfer processes'];
const participant = { name: 'participantContextId', in: 'path', required: true, schema: { type: 'string' } };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Our pid of the transfer process (urn:uuid:…)' };
const missing = problemResponse('No such participant context, or no such transfer process in it');
const dspStates = ['REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'];

const dataAddress = {
  type: 'object',
  required: ['endpointType'],
  description: 'A DSP 2025-1 DataAddress.',
  properties: {
    '@type': { type: 'string', enum: ['DataAddress'] },
    endpointType: { type: 'string', example: 'https://w3id.org/idsa/v4.1/HTTP' },
    endpoint: { type: 'string' },
    endpointProperties: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { '@type': { type: 'string', enum: ['EndpointProperty'] }, name: { type: 'string' }, value: { type: 'string' } } },
    },
  },
};

const decision = (action: string, summary: string, states: string, reasonBody?: string) => ({
  post: {
    tags,
    summary,
    description: `Allowed from ${states}; repeating it changes nothing. The data flow and the counterparty follow asynchronously.`,
    parameters: [participant, id],
    ...(reasonBody ? { requestBody: body(reasonBody, false) } : {}),
    responses: {
      '204': { description: `The transfer process is ${action}, or was already` },
      ...(reasonBody ? { '400': problemResponse('Invalid body') } : {}),
      '404': missing,
      '409': problemResponse('Not allowed in the current state (or, for start, not a provider process)'),
    },
  },
});

const reason = (type: string) => ({
  type: 'object',
  properties: { '@context': {}, '@type': { type: 'string', enum: [type] }, reason: { type: 'string', maxLength: 2000, description: 'Sent to the counterparty; never put the owner\'s secrets or policy in it.' } },
});

const base = `${PARTICIPANTS_PATH}/{participantContextId}/${TRANSFER_PROCESSES_SEGMENT}`;

export const transferProcessOpenApi: OpenApiFragment = {
  tags: [{ name: 'transfer processes', description: "A participant context's DSP transfer processes, as consumer and as provider." }],
  components: {
    schemas: {
      TransferRequest: {
        type: 'object',
        required: ['counterPartyAddress', 'contractId', 'transferType'],
        description: 'EDC TransferRequest; plain JSON or JSON-LD with the EDC context. `counterpartyAddress` and `counterpartyId` are accepted too.',
        properties: {
          '@context': {},
          '@type': { type: 'string', enum: ['TransferRequest'] },
          counterPartyAddress: { type: 'string', format: 'uri', description: "The provider's DSP 2025-1 base URL" },
          counterPartyId: { type: 'string', description: "The provider's participant id; the agreement's assigner when absent" },
          contractId: { type: 'string', description: 'The contract agreement id' },
          transferType: { type: 'string', example: 'HttpData-PULL' },
          protocol: { type: 'string', enum: ['dataspace-protocol-http:2025-1'] },
          dataDestination: { ...dataAddress, description: 'Push transfers: where the provider sends the data (a DSP DataAddress).' },
        },
      },
      TransferProcess: {
        type: 'object',
        required: ['@id', '@type', 'state', 'dspState', 'stateTimestamp', 'type', 'contractId', 'assetId', 'transferType', 'createdAt'],
        properties: {
          '@id': { type: 'string' },
          '@type': { type: 'string', enum: ['TransferProcess'] },
          state: { type: 'string', enum: [...TRANSFER_PROCESS_STATES] },
          dspState: { type: 'string', enum: dspStates, description: 'What the counterparty sees' },
          stateTimestamp: { type: 'integer', description: 'Epoch milliseconds' },
          type: { type: 'string', enum: [...TRANSFER_ROLES] },
          correlationId: { type: ['string', 'null'], description: "The counterparty's pid" },
          counterPartyId: { type: 'string' },
          counterPartyAddress: { type: 'string' },
          contractId: { type: 'string' },
          assetId: { type: 'string' },
          transferType: { type: 'string' },
          dataAddress: {
            oneOf: [{ type: 'null' }, dataAddress],
            description: 'Push: the destination; pull (consumer): where to fetch the data. Endpoint property values are never shown.',
          },
          errorDetail: { type: ['string', 'null'] },
          createdAt: { type: 'integer', description: 'Epoch milliseconds' },
        },
      },
      SuspendTransfer: reason('SuspendTransfer'),
      TerminateTransfer: reason('TerminateTransfer'),
    },
  },
  paths: {
    [base]: {
      post: {
        tags,
        summary: 'Request a transfer under an agreement (as consumer)',
        parameters: [participant],
        requestBody: body('TransferRequest', true),
        responses: {
          '201': {
            description: 'Requested; Location names the transfer process',
            content: { 'application/json': { schema: { type: 'object', properties: { '@type': { type: 'string', enum: ['IdResponse'] }, '@id': { type: 'string' }, createdAt: { type: 'integer' } } } } },
          },
          '400': problemResponse('Invalid input, or no such agreement with this participant context as consumer'),
          '404': problemResponse('No such participant context'),
          '409': problemResponse('The participant context is deactivated'),
        },
      },
      get: {
        tags,
        summary: 'List transfer processes (oldest first)',
        parameters: [
          participant,
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'state', in: 'query', schema: { type: 'string', enum: [...TRANSFER_PROCESS_STATES] } },
          { name: 'role', in: 'query', schema: { type: 'string', enum: [...TRANSFER_ROLES] } },
          { name: 'agreementId', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'A page; the total is in X-Total-Count, further pages in Link',
            headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/TransferProcess' } } } },
          },
          '400': problemResponse('Invalid query'),
          '404': problemResponse('No such participant context'),
        },
      },
    },
    [`${base}/{id}`]: { get: { tags, summary: 'Get a transfer process', parameters: [participant, id], responses: { '200': { description: 'The transfer process', content: json('TransferProcess') }, '404': missing } } },
    [`${base}/{id}/state`]: {
      get: {
        tags,
        summary: 'Get the state of a transfer process',
        parameters: [participant, id],
        responses: {
          '200': {
            description: 'Its state',
            content: { 'application/json': { schema: { type: 'object', properties: { '@type': { type: 'string', enum: ['TransferState'] }, state: { type: 'string' }, dspState: { type: 'string' } } } } },
          },
          '404': missing,
        },
      },
    },
    [`${base}/{id}/start`]: decision('started', 'Start a provider transfer a start guard held in REQUESTED', 'REQUESTED (provider)'),
    [`${base}/{id}/suspend`]: decision('suspended', 'Suspend a transfer', 'STARTED', 'SuspendTransfer'),
    [`${base}/{id}/resume`]: decision('resumed', 'Resume a suspended transfer', 'SUSPENDED'),
    [`${base}/{id}/complete`]: decision('completed', 'Complete a transfer', 'STARTED'),
    [`${base}/{id}/terminate`]: decision('terminated', 'Terminate a transfer', 'any state that is not COMPLETED or TERMINATED', 'TerminateTransfer'),
  },
};
