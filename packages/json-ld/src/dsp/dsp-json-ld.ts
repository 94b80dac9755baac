import { TdssError } from '@tdss/sdk';
import { PACKAGE_NAME, UnknownContextError } from '../contexts/context-errors.ts';
import { DSP_2025_1_CONTEXT, DSP_2025_1_ODRL_PROFILE } from '../contexts/context-urls.ts';
import { DSP_MESSAGE_SCHEMAS, isDspMessageType, type DspMessageMap, type DspMessageType } from '../model/message-types.ts';
import { createJsonLdFastPath } from '../fast-path/create-fast-path.ts';
import { JsonLdSyntaxError } from '../processor/json-ld-errors.ts';
import { createJsonLdProcessor, type JsonLdProcessor, type JsonObject } from '../processor/json-ld-processor.ts';
import { DspMessageError } from '../validation/dsp-message-error.ts';
import { DSP_2025_1_SCHEMA_BASE } from '../validation/spec-schemas.ts';
import { validateDsp } from '../validation/validate.ts';
import { normaliseExpanded } from './normalise-expanded.ts';
import { createDspTermDefinitions, type DspTermDefinitions } from './term-definitions.ts';

/** A message as code builds it: everything but the `@context`, which `write` adds. */
export type DspMessageBody<T extends DspMessageType> = Omit<DspMessageMap[T], '@context'>;

export interface DspJsonLd {
  readonly processor: JsonLdProcessor;
  /**
   * Any accepted form (compact 2025-1, `dspace:`/`odrl:` prefixed, expanded, or 2024-1) as the
   * canonical compact 2025-1 object, without validating it. Rejects with DspMessageError.
   */
  canonicalize(input: unknown): Promise<JsonObject>;
  /**
   * canonicalize, then check the result against the 2025-1 schema of its `@type` (which must be
   * one of `expected` when given). Rejects with DspMessageError listing every problem.
   */
  read<T extends DspMessageType>(input: unknown, expected?: T | readonly T[]): Promise<DspMessageMap[T]>;
  /** The message as compact 2025-1 JSON-LD with its `@context`; throws when it breaks the schema. */
  write<T extends DspMessageType>(message: DspMessageBody<T> & { '@type': T }): DspMessageMap[T];
}

const CANONICAL_CONTEXT = [DSP_2025_1_CONTEXT] as const;

export function createDspJsonLd(options: { processor?: JsonLdProcessor } = {}): DspJsonLd {
  const processor = options.processor ?? createJsonLdProcessor();
  let terms: DspTermDefinitions | undefined;
  const termDefinitions = () =>
    (terms ??= createDspTermDefinitions(
      processor.registry.resolve(DSP_2025_1_CONTEXT),
      processor.registry.resolve(DSP_2025_1_ODRL_PROFILE),
    ));
  // Canonical 2025-1 messages skip jsonld.js; everything else still goes through it.
  const fastPath = createJsonLdFastPath(processor.registry, DSP_2025_1_CONTEXT);

  const canonicalize = async (input: unknown): Promise<JsonObject> => {
    if (typeof input !== 'object' || input === null) {
      throw new DspMessageError('a DSP message is a JSON object', [{ path: '', message: 'must be object' }]);
    }
    const expanded = fastPath.expand(input) ?? (needsContext(input) ? [] : await expandMessage(processor, input));
    if (expanded.length === 0) {
      throw new DspMessageError(`no DSP content: name the context ${DSP_2025_1_CONTEXT} in @context`, [
        { path: '/@context', message: 'must be present and define the message terms' },
      ]);
    }
    if (expanded.length > 1) {
      throw new DspMessageError('a DSP message is a single JSON-LD node object', [{ path: '', message: 'must describe exactly one node' }]);
    }
    const normalised = normaliseExpanded(expanded, termDefinitions());
    const fast = fastPath.compact(normalised[0]!);
    if (fast) return { '@context': [...CANONICAL_CONTEXT], ...fast };
    const compacted = await processor.compact(normalised, DSP_2025_1_CONTEXT, { expanded: true });
    return { ...compacted, '@context': [...CANONICAL_CONTEXT] };
  };

  return {
    processor,
    canonicalize,
    async read<T extends DspMessageType>(input: unknown, expected?: T | readonly T[]) {
      const message = await canonicalize(input);
      const type = message['@type'];
      const allowed: readonly DspMessageType[] = expected === undefined ? [] : typeof expected === 'string' ? [expected] : expected;
      if (!isDspMessageType(type) || (allowed.length > 0 && !allowed.includes(type))) {
        const names = allowed.length > 0 ? allowed : Object.keys(DSP_MESSAGE_SCHEMAS);
        throw new DspMessageError(`expected a ${names.join(' or ')}`, [{ path: '/@type', message: `must be one of ${names.join(', ')}` }]);
      }
      const problems = validateDsp(type, message);
      if (problems.length > 0) {
        throw new DspMessageError(
          `invalid ${type}: ${problems.length} problem(s); see ${DSP_2025_1_SCHEMA_BASE}${DSP_MESSAGE_SCHEMAS[type]}`,
          problems,
        );
      }
      return message as unknown as DspMessageMap[T];
    },
    write(message) {
      const document = { '@context': [...CANONICAL_CONTEXT], ...message } as unknown as DspMessageMap[typeof message['@type']];
      const problems = validateDsp(message['@type'], document);
      if (problems.length > 0) {
        throw new TdssError(
          `refusing to send an invalid ${message['@type']}: ${problems.map((problem) => `${problem.path || '/'} ${problem.message}`).join('; ')}`,
          { code: 'DSP_INVALID_OUTGOING_MESSAGE', plugin: PACKAGE_NAME, hint: 'the code that built this message must fill the fields the DSP 2025-1 schema requires' },
        );
      }
      return document;
    },
  };
}

/** A compact message without @context: JSON-LD would silently drop every term it uses. */
function needsContext(input: object): boolean {
  if (Array.isArray(input) || '@context' in input) return false;
  const type = (input as Record<string, unknown>)['@type'];
  const relative = (iri: unknown) => typeof iri === 'string' && !iri.includes(':');
  return Object.keys(input).some((key) => !key.startsWith('@') && relative(key)) || (Array.isArray(type) ? type.some(relative) : relative(type));
}

async function expandMessage(processor: JsonLdProcessor, input: object): Promise<JsonObject[]> {
  try {
    return await processor.expand(input);
  } catch (error) {
    if (error instanceof UnknownContextError) {
      throw new DspMessageError(`unsupported JSON-LD context ${error.url}`, [
        { path: '/@context', message: `names ${error.url}, which this connector does not know; use ${DSP_2025_1_CONTEXT}` },
      ]);
    }
    if (error instanceof JsonLdSyntaxError) {
      throw new DspMessageError(error.message, [{ path: '', message: `${error.jsonLdCode}: ${error.message}` }]);
    }
    throw error;
  }
}
