/** RFC 9457 problem details as this plugin writes them, for every context's OpenAPI document. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details, sent as application/problem+json.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri-reference', description: 'Identifies the problem type; `about:blank` when the status says it all.' },
    title: { type: 'string', description: 'Short summary of the problem type.' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status code.' },
    detail: { type: 'string', description: 'What went wrong with this request.' },
    instance: { type: 'string', description: 'The request path.' },
    requestId: { type: 'string', description: 'The request id, also in the X-Request-Id header; quote it when reporting a problem.' },
  },
  additionalProperties: true,
} as const;
