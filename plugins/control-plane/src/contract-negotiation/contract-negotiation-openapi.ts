import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { NEGOTIATION_ROLES } from './contract-negotiation.ts';
import { NEGOTIATION_ACTIONS, NEGOTIATIONS_SEGMENT } from './contract-negotiation-routes.ts';
import { NEGOTIATION_STATES } from './negotiation-states.ts';

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const participant = { name: 'participantContextId', in: 'path', required: true, schema: { type: 'string' } };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The negotiation id (our process id, urn:uuid:…)' };
const tags = ['contract negotiations'];
const base = `/v1/participants/{participantContextId}/${NEGOTIATIONS_SEGMENT}`;
const missing = problemResponse('No such participant context, or no such negotiation in it');
const offer = { type: 'object', description: 'An Offer in compact DSP 2025-1 JSON-LD (or ODRL with its own @context): @id, target, rules.' };

export const contractNegotiationOpenApi: OpenApiFragment = {
  tags: [{ name: 'contract negotiations', description: 'DSP 2025-1 contract negotiations of a participant context, as consumer or provider.' }],
  components: {
    schemas: {
      ContractRequest: {
        type: 'object',
        required: ['counterPartyAddress', 'policy'],
        description: "EDC's ContractRequest, in plain JSON or JSON-LD with the EDC management context.",
        properties: {
          '@context': {},
          '@type': { type: 'string', enum: ['ContractRequest'] },
          counterPartyAddress: { type: 'string', format: 'uri', description: "The provider's DSP 2025-1 base URL (its DSP version path included)." },
          counterPartyId: { type: 'string', description: "The provider's participant id; the policy's assigner when absent." },
          protocol: { type: 'string', enum: ['dataspace-protocol-http:2025-1'] },
          policy: { ...offer, description: "The provider's offer, as its catalog showed it: @id, target, assigner and rules." },
        },
      },
      ContractNegotiation: {
        type: 'object',
        required: ['@id', '@type', 'role', 'state', 'dspState', 'counterpartyId', 'counterpartyAddress', 'assetId', 'offer', 'createdAt'],
        properties: {
          '@id': { type: 'string' },
          '@type': { type: 'string', enum: ['ContractNegotiation'] },
          role: { type: 'string', enum: [...NEGOTIATION_ROLES] },
          state: { type: 'string', enum: [...NEGOTIATION_STATES], description: 'Our state; a pending one (…ING) while its message is on its way.' },
          dspState: { type: 'string', description: 'What the counterparty is told: the DSP state the negotiation is in or moving to.' },
          protocol: { type: 'string' },
          counterpartyId: { type: 'string' },
          counterpartyAddress: { type: 'string' },
          correlationId: { type: ['string', 'null'], description: "The counterparty's process id." },
          assetId: { type: 'string' },
          offer: { type: 'object', description: 'The latest offer.' },
          contractAgreementId: { type: ['string', 'null'] },
          errorDetail: { type: ['string', 'null'], description: 'Why it was terminated or failed, in full (for this tenant only).' },
          createdAt: { type: 'integer', description: 'Epoch milliseconds.' },
        },
      },
      NegotiationAction: {
        type: 'object',
        required: ['action'],
        additionalProperties: false,
        properties: {
          action: { type: 'string', enum: [...NEGOTIATION_ACTIONS] },
          offer: { ...offer, description: 'offer (provider) and request (consumer): the offer to send; by default the catalog offer (provider) or the latest offer (consumer).' },
          reason: { type: 'string', maxLength: 1000, description: 'terminate: the reason the counterparty is told.' },
        },
      },
    },
  },
  paths: {
    [base]: {
      post: {
        tags,
        summary: 'Request an offer of a provider (start a negotiation as consumer)',
        parameters: [participant],
        requestBody: { required: true, content: { ...json('ContractRequest'), 'application/ld+json': { schema: { $ref: '#/components/schemas/ContractRequest' } } } },
        responses: {
          '201': { description: 'Started: the request is on its way; Location names the negotiation', content: { 'application/json': { schema: { type: 'object', properties: { '@type': { type: 'string' }, '@id': { type: 'string' }, createdAt: { type: 'integer' } } } } } },
          '400': problemResponse('Invalid input'),
          '404': problemResponse('No such participant context'),
          '409': problemResponse('The participant context is deactivated'),
        },
      },
      get: {
        tags,
        summary: 'List contract negotiations (oldest first)',
        parameters: [
          participant,
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'state', in: 'query', schema: { type: 'string', enum: [...NEGOTIATION_STATES] } },
          { name: 'role', in: 'query', schema: { type: 'string', enum: [...NEGOTIATION_ROLES] } },
          { name: 'counterpartyId', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'A page; the total is in X-Total-Count, further pages in Link',
            headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/ContractNegotiation' } } } },
          },
          '400': problemResponse('Invalid query'),
          '404': problemResponse('No such participant context'),
        },
      },
    },
    [`${base}/{id}`]: {
      get: { tags, summary: 'Get a contract negotiation', parameters: [participant, id], responses: { '200': { description: 'The negotiation', content: json('ContractNegotiation') }, '404': missing } },
    },
    [`${base}/{id}/state`]: {
      get: {
        tags,
        summary: "Get a contract negotiation's state",
        parameters: [participant, id],
        responses: { '200': { description: 'Its state', content: { 'application/json': { schema: { type: 'object', properties: { state: { type: 'string' } } } } } }, '404': missing },
      },
    },
    [`${base}/{id}/agreement`]: {
      get: {
        tags,
        summary: 'Get the agreement of a finalized contract negotiation',
        parameters: [participant, id],
        responses: { '200': { description: 'The agreement', content: json('ContractAgreement') }, '404': problemResponse('No such negotiation, or it is not FINALIZED') },
      },
    },
    [`${base}/{id}/terminate`]: {
      post: {
        tags,
        summary: 'Terminate a contract negotiation',
        parameters: [participant, id],
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } } } } } },
        responses: { '204': { description: 'Terminating: the counterparty is told' }, '400': problemResponse('Invalid input'), '404': missing, '409': problemResponse('It has ended already') },
      },
    },
    [`${base}/{id}/actions`]: {
      post: {
        tags,
        summary: 'Take the decision a contract negotiation waits for (offer, agree, finalize, accept, request, verify, terminate)',
        parameters: [participant, id],
        requestBody: { required: true, content: json('NegotiationAction') },
        responses: {
          '200': { description: 'The negotiation, moving on', content: json('ContractNegotiation') },
          '400': problemResponse('Invalid action or offer'),
          '404': missing,
          '409': problemResponse('The negotiation is not in a state where this side may take that action'),
        },
      },
    },
  },
};
