/**
 * Parses a policy written in compact JSON-LD with the DSP 2025-1 context (an Offer in a
 * Dataset's hasPolicy or a negotiation message, an Agreement, or an ODRL Set) into the typed
 * model. Every problem is reported with its JSONPath, all at once.
 */
import { type Policy, POLICY_TYPES, type PolicyType } from '../model/policy.ts';
import { parseIsoDate } from '../values/iso-date.ts';
import { normalTerm } from './odrl-terms.ts';
import {
  describe,
  isObject,
  listOf,
  type Located,
  member,
  odrlMember,
  type ParseState,
  readIri,
  readTerm,
  report,
} from './parse-state.ts';
import { PolicyParseError } from './policy-parse-error.ts';
import { readDuty, readPermission, readProhibition } from './parse-rule.ts';

const NAMED: Record<PolicyType, string> = { Offer: 'an Offer', Agreement: 'an Agreement', Set: 'a Set' };

export interface ParsePolicyOptions {
  /** JSONPath of the policy inside the document it came from, e.g. `$.offer`; `$` when absent. */
  readonly path?: string;
}

/** @throws PolicyParseError listing every issue with its JSONPath. */
export function parsePolicy(input: unknown, options: ParsePolicyOptions = {}): Policy {
  const state: ParseState = { issues: [] };
  const policy = readPolicy({ value: input, path: options.path ?? '$' }, state);
  if (!policy || state.issues.length > 0) throw new PolicyParseError(state.issues);
  return policy;
}

function readPolicy(located: Located, state: ParseState): Policy | undefined {
  const { value: node, path } = located;
  if (!isObject(node)) return report(state, path, `expected a policy object, found ${describe(node)}`);

  const idMember = member(node, '@id', path);
  const id = idMember ? readIri(idMember, state, '@id') : report(state, path, '@id is missing (DSP 2025-1 requires a unique policy identifier)');
  const type = readType(node, path, state);

  const members = {
    target: odrlMember(node, 'target', path, state),
    assigner: odrlMember(node, 'assigner', path, state),
    assignee: odrlMember(node, 'assignee', path, state),
    timestamp: member(node, 'timestamp', path) ?? member(node, 'dspace:timestamp', path),
  };
  const target = members.target && readIri(members.target, state, 'target');
  const assigner = members.assigner && readIri(members.assigner, state, 'assigner');
  const assignee = members.assignee && readIri(members.assignee, state, 'assignee');
  const timestamp = readTimestamp(members.timestamp, state);
  const profile = listOf(odrlMember(node, 'profile', path, state)).flatMap((item) => readIri(item, state, 'profile') ?? []);

  const permissionMember = odrlMember(node, 'permission', path, state);
  const prohibitionMember = odrlMember(node, 'prohibition', path, state);
  const obligationMember = odrlMember(node, 'obligation', path, state);
  const permission = listOf(permissionMember).flatMap((item) => readPermission(item, state) ?? []);
  const prohibition = listOf(prohibitionMember).flatMap((item) => readProhibition(item, state) ?? []);
  const obligation = listOf(obligationMember).flatMap((item) => readDuty(item, state) ?? []);

  if (type === 'Agreement') {
    // DSP 2025-1 contract-schema.json requires these; the negotiation spec requires the timestamp.
    for (const [term, found] of Object.entries(members)) {
      if (!found) report(state, path, `an Agreement needs ${term} (DSP 2025-1)`);
    }
  }
  const rules = listOf(permissionMember).length + listOf(prohibitionMember).length;
  if (type === 'Set' ? rules + listOf(obligationMember).length === 0 : rules === 0) {
    const what = type === 'Set' ? 'a permission, prohibition or obligation' : 'a permission or a prohibition (DSP 2025-1)';
    report(state, path, `${type ? NAMED[type] : 'a policy'} needs ${what}`);
  }
  checkUnsupported(node, path, state);

  if (id === undefined || type === undefined) return undefined;
  return {
    id,
    type,
    ...(target === undefined ? {} : { target }),
    ...(assigner === undefined ? {} : { assigner }),
    ...(assignee === undefined ? {} : { assignee }),
    ...(timestamp === undefined ? {} : { timestamp }),
    profile,
    permission,
    prohibition,
    obligation,
  };
}

function readType(node: Record<string, unknown>, path: string, state: ParseState): PolicyType | undefined {
  const located = member(node, '@type', path);
  if (!located) return report(state, path, `@type is missing; expected one of ${POLICY_TYPES.join(', ')}`);
  const types = listOf(located).flatMap((item) => {
    const term = readTerm(item, state, '@type');
    return term !== undefined && (POLICY_TYPES as readonly string[]).includes(term) ? [term as PolicyType] : [];
  });
  if (types.length !== 1) return report(state, located.path, `expected exactly one of ${POLICY_TYPES.join(', ')}, found ${describe(located.value)}`);
  return types[0];
}

function readTimestamp(located: Located | undefined, state: ParseState): string | undefined {
  if (!located) return undefined;
  const raw = isObject(located.value) ? located.value['@value'] : located.value;
  if (typeof raw === 'string' && parseIsoDate(raw)?.kind === 'dateTime') return raw;
  return report(state, located.path, `timestamp must be an xsd:dateTime such as 2023-01-01T01:00:00Z, found ${describe(located.value)}`);
}

/** ODRL features outside the DSP profile that would change a decision if they were ignored. */
function checkUnsupported(node: Record<string, unknown>, path: string, state: ParseState): void {
  const inherit = odrlMember(node, 'inheritFrom', path, state);
  if (inherit) report(state, inherit.path, 'policy inheritance (inheritFrom) is not supported; merge the parent policy in');
  const conflict = odrlMember(node, 'conflict', path, state);
  if (conflict) {
    const strategy = typeof conflict.value === 'string' ? normalTerm(conflict.value) : undefined;
    if (strategy !== 'prohibit' && strategy !== 'invalid') {
      report(state, conflict.path, `only the conflict strategies prohibit and invalid are supported (prohibitions win), found ${describe(conflict.value)}`);
    }
  }
}
