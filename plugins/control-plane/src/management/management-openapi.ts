/** The OpenAPI description every management resource shares; each adds its own schemas. */
import { type OpenApiFragment, problemResponse } from '@tdss/sdk';
import { CRITERION_OPERATORS } from './criterion.ts';

export interface ManagementOpenApiOptions {
  segment: string;
  tag: { name: string; description: string };
  /** In summaries, e.g. `asset`. */
  noun: string;
  /** Component names of the response and request bodies, e.g. `Asset` and `AssetInput`. */
  schema: string;
  inputSchema: string;
  /** This resource's components. */
  schemas: Record<string, unknown>;
  /** The query parameters of `GET` besides offset and limit. */
  filters: Array<{ name: string; description: string }>;
  /** What a 400 on create or replace can also mean, and what a 409 on delete means, if it can happen. */
  writeRefusal?: string;
  deleteConflict?: string;
}

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const jsonBody = (ref: string) => ({ required: true, content: { ...json(ref), 'application/ld+json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const participant = { name: 'participantContextId', in: 'path', required: true, schema: { type: 'string' } };
const noParticipant = problemResponse('No such participant context');

export const CRITERION_SCHEMA = {
  type: 'object',
  required: ['operandLeft', 'operator', 'operandRight'],
  description: 'EDC Criterion. operandLeft names a field (`id`, `properties.<key>`, ...; EDC IRIs and `edc:` names are accepted); like and ilike take SQL LIKE patterns.',
  properties: {
    '@type': { type: 'string', enum: ['Criterion'] },
    operandLeft: { type: 'string' },
    operator: { type: 'string', enum: [...CRITERION_OPERATORS] },
    operandRight: {
      oneOf: [{ type: ['string', 'number', 'boolean'] }, { type: 'array', items: { type: ['string', 'number', 'boolean'] } }],
      description: 'A list for in, one value otherwise.',
    },
  },
};

export const QUERY_SPEC_SCHEMA = {
  type: 'object',
  description: 'EDC QuerySpec; plain JSON or JSON-LD with the EDC context. All criteria must hold.',
  properties: {
    '@context': {},
    '@type': { type: 'string', enum: ['QuerySpec'] },
    offset: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    sortOrder: { type: 'string', enum: ['ASC', 'DESC'], default: 'ASC' },
    sortField: { type: 'string', description: 'Oldest first when absent.' },
    filterExpression: { type: 'array', items: { $ref: '#/components/schemas/Criterion' } },
  },
};

export function createManagementOpenApi(options: ManagementOpenApiOptions): OpenApiFragment {
  const { noun, schema, inputSchema } = options;
  const tags = [options.tag.name];
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: `The ${noun} id` };
  const one = { description: `The ${noun}`, content: json(schema) };
  const list = { type: 'array', items: { $ref: `#/components/schemas/${schema}` } };
  const invalid = problemResponse(options.writeRefusal ? `Invalid input, or ${options.writeRefusal}` : 'Invalid input');
  const missing = problemResponse(`No such participant context, or no such ${noun} in it`);
  const base = `/v1/participants/{participantContextId}/${options.segment}`;
  return {
    tags: [options.tag],
    components: { schemas: { ...options.schemas, Criterion: CRITERION_SCHEMA, QuerySpec: QUERY_SPEC_SCHEMA } },
    paths: {
      [base]: {
        post: {
          tags,
          summary: `Create a ${noun}`,
          parameters: [participant],
          requestBody: jsonBody(inputSchema),
          responses: { '201': { description: `Created; Location names it`, content: json(schema) }, '400': invalid, '404': noParticipant, '409': problemResponse('The id is taken in this participant context') },
        },
        get: {
          tags,
          summary: `List ${noun}s (oldest first)`,
          parameters: [
            participant,
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
            ...options.filters.map((f) => ({ name: f.name, in: 'query', schema: { type: 'string' }, description: f.description })),
          ],
          responses: {
            '200': {
              description: 'A page; the total is in X-Total-Count, further pages in Link',
              headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: list } },
            },
            '400': problemResponse('Invalid query'),
            '404': noParticipant,
          },
        },
        put: {
          tags,
          summary: `Replace a ${noun} named by @id in the body (as EDC does)`,
          parameters: [participant],
          requestBody: jsonBody(inputSchema),
          responses: { '200': one, '400': invalid, '404': missing },
        },
      },
      [`${base}/request`]: {
        post: {
          tags,
          summary: `Query ${noun}s with an EDC QuerySpec`,
          parameters: [participant],
          requestBody: { required: false, content: { ...json('QuerySpec'), 'application/ld+json': { schema: { $ref: '#/components/schemas/QuerySpec' } } } },
          responses: {
            '200': { description: `The matching ${noun}s; the total is in X-Total-Count`, headers: { 'X-Total-Count': { schema: { type: 'integer' } } }, content: { 'application/json': { schema: list } } },
            '400': problemResponse('Invalid QuerySpec'),
            '404': noParticipant,
          },
        },
      },
      [`${base}/{id}`]: {
        get: { tags, summary: `Get a ${noun}`, parameters: [participant, id], responses: { '200': one, '404': missing } },
        put: { tags, summary: `Replace a ${noun}`, parameters: [participant, id], requestBody: jsonBody(inputSchema), responses: { '200': one, '400': invalid, '404': missing } },
        delete: {
          tags,
          summary: `Delete a ${noun}`,
          parameters: [participant, id],
          responses: { '204': { description: 'Deleted' }, '404': missing, ...(options.deleteConflict ? { '409': problemResponse(options.deleteConflict) } : {}) },
        },
      },
    },
  };
}
