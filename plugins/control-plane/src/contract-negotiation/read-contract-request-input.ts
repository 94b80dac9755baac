/**
 * The body of `POST …/contractnegotiations`, shaped after EDC's ContractRequest, in plain JSON or
 * in JSON-LD with the EDC management context (or an inline one), e.g.
 *
 * ```json
 * { "counterPartyAddress": "https://provider.example/protocol/p1/2025-1",
 *   "counterPartyId": "did:web:provider.example",
 *   "protocol": "dataspace-protocol-http:2025-1",
 *   "policy": { "@id": "cd-1:asset-1:f00d", "@type": "Offer", "target": "asset-1",
 *               "assigner": "did:web:provider.example", "permission": [{ "action": "use" }] } }
 * ```
 *
 * A JSON-LD body is expanded with its own contexts (keys they do not define being EDC's), so
 * that every form names the same members; a plain body's policy is compact DSP 2025-1 (give a
 * JSON-LD policy the ODRL context). The policy becomes the offer of a contract request in compact
 * DSP 2025-1, checked against the spec's schema.
 */
import { DSP_2025_1_CONTEXT, type DspJsonLd, DspMessageError, JsonLdSyntaxError, type MessageOffer, UnknownContextError } from '@tdss/json-ld';
import { ProblemError } from '@tdss/sdk';
import { EDC_MANAGEMENT_CONTEXT_URLS, EDC_NAMESPACE, registerEdcManagementContext } from '../management/edc-management-context.ts';
import type { NewNegotiationInput } from './create-contract-negotiations.ts';

const DSPACE = 'https://w3id.org/dspace/2025/1/';
/** EDC's names and the spellings TDSS uses elsewhere. */
const MEMBERS = {
  counterpartyAddress: ['counterPartyAddress', 'counterpartyAddress'],
  counterpartyId: ['counterPartyId', 'counterpartyId', 'providerId'],
  protocol: ['protocol'],
  policy: ['policy'],
} as const;
const PROTOCOL = 'dataspace-protocol-http:2025-1';

type Issue = { path: string; problem: string };
type Node = Record<string, unknown>;

export async function readContractRequestInput(dsp: DspJsonLd, body: unknown): Promise<NewNegotiationInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid([{ path: '', problem: 'expected a JSON object' }]);
  const issues: Issue[] = [];
  const { members, type, policy } = '@context' in body ? await readJsonLd(dsp, body as Node) : readPlain(body as Node);
  const names = Object.values(MEMBERS).flat() as string[];
  for (const key of Object.keys(members)) {
    if (!names.includes(key)) issues.push({ path: key, problem: `unknown member; a contract request has ${Object.values(MEMBERS).map((n) => n[0]).join(', ')}` });
  }
  if (type !== undefined && type !== 'ContractRequest') issues.push({ path: '@type', problem: 'must be ContractRequest' });
  const pick = (choices: readonly string[]) => choices.map((name) => members[name]).find((value) => value !== undefined);
  const counterpartyAddress = pick(MEMBERS.counterpartyAddress);
  const protocol = pick(MEMBERS.protocol);
  if (protocol !== undefined && protocol !== PROTOCOL) issues.push({ path: 'protocol', problem: `this connector speaks ${PROTOCOL} only` });
  let offer: MessageOffer | undefined;
  if (policy === undefined) issues.push({ path: 'policy', problem: 'required: the offer to request, with its @id, target and rules' });
  else offer = await readOffer(dsp, policy, issues);
  const counterpartyId = pick(MEMBERS.counterpartyId) ?? (offer as { assigner?: unknown } | undefined)?.assigner;
  if (typeof counterpartyId !== 'string' || counterpartyId.length === 0) {
    issues.push({ path: 'counterPartyId', problem: "required (or the policy's assigner): the provider's participant id" });
  }
  if (typeof counterpartyAddress !== 'string') issues.push({ path: 'counterPartyAddress', problem: "required: the provider's DSP 2025-1 base URL" });
  if (issues.length) throw invalid(issues);
  return { counterpartyAddress: counterpartyAddress as string, counterpartyId: counterpartyId as string, offer: offer! };
}

interface RequestParts {
  /** The members but the policy, by their plain (EDC) names. */
  members: Record<string, unknown>;
  type: string | undefined;
  /** A message with the policy as its offer, in a form the DSP reader takes. */
  policy: Node | undefined;
}

/** Plain JSON: the members as they are, the policy compact DSP 2025-1. */
function readPlain(body: Node): RequestParts {
  const { '@type': type, policy, ...members } = body;
  const offer = isObject(policy) ? { '@type': 'Offer', ...policy } : policy;
  return {
    members,
    type: typeof type === 'string' ? type : undefined,
    policy:
      policy === undefined
        ? undefined
        : { '@context': [DSP_2025_1_CONTEXT], '@type': 'ContractRequestMessage', consumerPid: 'urn:tdss:consumer', callbackAddress: 'https://consumer.invalid/', offer },
  };
}

/** JSON-LD: expanded with its own contexts; keys they do not define are EDC's, as in EDC's examples ("@vocab": EDC). */
async function readJsonLd(dsp: DspJsonLd, body: Node): Promise<RequestParts> {
  registerEdcManagementContext();
  let node: Node;
  try {
    const expanded = await dsp.processor.expand({ ...body, '@context': [{ '@vocab': EDC_NAMESPACE }, ...[body['@context']].flat()] });
    if (expanded.length !== 1) throw invalid([{ path: '', problem: 'expected one JSON-LD object' }]);
    node = expanded[0] as Node;
  } catch (error) {
    if (error instanceof UnknownContextError) {
      throw invalid([{ path: '@context', problem: `context ${error.url} is not available: contexts are never fetched; use ${EDC_MANAGEMENT_CONTEXT_URLS.join(' or ')}, an inline context, or plain JSON` }]);
    }
    if (error instanceof JsonLdSyntaxError) throw invalid([{ path: '', problem: `invalid JSON-LD: ${error.message}` }]);
    throw error;
  }
  const members: Record<string, unknown> = {};
  let policy: Node | undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key === '@type' || key === '@id') continue;
    const name = key.startsWith(EDC_NAMESPACE) ? key.slice(EDC_NAMESPACE.length) : key;
    const first = (value as Array<{ '@value'?: unknown; '@id'?: unknown }>)[0];
    if (name === 'policy') policy = first as Node;
    else members[name] = first?.['@value'] ?? first?.['@id'];
  }
  const types = (node['@type'] as string[] | undefined) ?? [];
  const typed = policy && policy['@type'] === undefined ? { ...policy, '@type': ['http://www.w3.org/ns/odrl/2/Offer'] } : policy;
  return {
    members,
    type: types.length ? types.map((t) => t.replace(EDC_NAMESPACE, '')).join(' ') : undefined,
    policy: typed && {
      '@type': [`${DSPACE}ContractRequestMessage`],
      [`${DSPACE}consumerPid`]: [{ '@id': 'urn:tdss:consumer' }],
      [`${DSPACE}callbackAddress`]: [{ '@id': 'https://consumer.invalid/' }],
      [`${DSPACE}offer`]: [typed],
    },
  };
}

/** The policy as the offer of a contract request: what DSP 2025-1 would carry, or the issues why not. */
async function readOffer(dsp: DspJsonLd, message: Node, issues: Issue[]): Promise<MessageOffer | undefined> {
  try {
    const { offer } = await dsp.read(message, 'ContractRequestMessage');
    if (offer.target === undefined) issues.push({ path: 'policy.target', problem: 'required: the dataset (asset id) the offer is for' });
    return offer;
  } catch (error) {
    if (!(error instanceof DspMessageError)) throw error;
    for (const e of error.errors) issues.push({ path: `policy${e.path.replace(/^\/offer/, '').replace(/\/(\d+)/g, '[$1]').replaceAll('/', '.')}`, problem: e.message });
    return undefined;
  }
}

function isObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(issues: Issue[]): ProblemError {
  return new ProblemError(400, `invalid contract request: ${issues.map((i) => `${i.path || 'body'}: ${i.problem}`).join('; ')}`, {
    type: 'bad-request',
    extensions: { errors: issues },
  });
}
