/**
 * A body with `@context` is JSON-LD: it is expanded with @tdss/json-ld (offline, with the bundled
 * contexts and the EDC management context registered by this plugin) and compacted into the form
 * plain JSON clients send, so both store the same object. A body without `@context` is plain
 * JSON and is read as it is.
 *
 * JSON-LD semantics apply to JSON-LD bodies: members that no context defines are dropped, `null`
 * values are dropped, and a one-item list compacts to its item (as in EDC).
 */
import { createJsonLdProcessor, type JsonLdProcessor, JsonLdSyntaxError, UnknownContextError } from '@tdss/json-ld';
import { problems } from '@tdss/sdk';
import { EDC_COMPACTION_CONTEXT, EDC_MANAGEMENT_CONTEXT_URLS, registerEdcManagementContext } from './edc-management-context.ts';
import { isJsonObject } from './validation-issues.ts';

let processor: JsonLdProcessor | undefined;

export async function readJsonLdBody(body: unknown): Promise<unknown> {
  if (!isJsonObject(body) || !('@context' in body)) return body;
  if (!processor) {
    registerEdcManagementContext();
    processor = createJsonLdProcessor();
  }
  try {
    const expanded = await processor.expand(body);
    if (expanded.length === 0) return {};
    const { '@context': _context, ...compacted } = await processor.compact(expanded, EDC_COMPACTION_CONTEXT);
    return compacted;
  } catch (error) {
    if (error instanceof UnknownContextError) {
      const problem = `context ${error.url} is not available: contexts are never fetched; use ${EDC_MANAGEMENT_CONTEXT_URLS.join(' or ')}, a bundled context (DSP, ODRL), an inline context, or plain JSON`;
      throw problems.badRequest(`invalid JSON-LD: @context: ${problem}`, { errors: [{ path: '@context', problem }] });
    }
    if (error instanceof JsonLdSyntaxError) {
      throw problems.badRequest(`${error.message} (${error.jsonLdCode})`, { errors: [{ path: '', problem: error.message }] });
    }
    throw error;
  }
}
