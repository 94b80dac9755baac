/**
 * Claims of the counterparty's verifiable credentials, as the identity layer verified them.
 * Left operands follow the convention of EDC's Minimum Viable Dataspace, extended for credential
 * types without the `Credential` suffix:
 *
 * - `MembershipCredential`: `active` when the counterparty holds such a credential that is valid
 *   now, `inactive` when it holds only expired or not yet valid ones;
 * - `ManufacturerCredential.part_types`: the `part_types` claim of the credential subject (a
 *   dotted path reaches nested claims and array items);
 * - `vc:<Type>` and `vc:<Type>.<claim path>`: the same for any VC type, e.g. `vc:Member.level`
 *   (DCP's `org.eclipse.dspace.dcp.vc.type:<Type>` scope alias names types the same way).
 *
 * With several valid credentials of the type the constraint holds when one of them satisfies it.
 */
import { type CounterpartyCredential, POLICY_SCOPES } from '../model/evaluation.ts';
import { parseIsoDate, utcDay } from '../values/iso-date.ts';
import { anyValue, missingValue } from '../values/left-value.ts';
import type { LeftOperandFunction } from './policy-function.ts';

const SEGMENT = '[A-Za-z0-9_$@-]+';
export const CREDENTIAL_CLAIM = new RegExp(`^(?:vc:([A-Za-z][\\w-]*)|([A-Z][A-Za-z0-9]*Credential))(?:\\.(${SEGMENT}(?:\\.${SEGMENT})*))?$`);

export const credentialClaimFunction: LeftOperandFunction = {
  leftOperand: CREDENTIAL_CLAIM,
  scopes: POLICY_SCOPES,
  description: 'claims of the counterparty credentials: <Type>Credential[.claim.path] or vc:<Type>[.claim.path]',
  resolve: ({ leftOperand, context, now }) => {
    const [, prefixed, suffixed, path] = CREDENTIAL_CLAIM.exec(leftOperand) ?? [];
    const type = (prefixed ?? suffixed)!;
    const held = (context.counterparty?.credentials ?? []).filter((c) => c.types.some((t) => sameType(t, type)));
    if (held.length === 0) return missingValue(`the counterparty presented no ${type}`);
    const valid = held.filter((c) => validAt(c, now));
    if (path === undefined) return valid.length > 0 ? 'active' : 'inactive';
    if (valid.length === 0) return missingValue(`no ${type} of the counterparty is valid at ${now.toISOString()}`);
    const values = valid.flatMap((c) => (Array.isArray(c.subject) ? c.subject : [c.subject])).map((s) => claimAt(s, path)).filter((v) => v !== undefined && v !== null);
    if (values.length === 0) return missingValue(`no valid ${type} of the counterparty has the claim ${path}`);
    return values.length === 1 ? values[0] : anyValue(values);
  },
};

/** A type written as a term (`MembershipCredential`) or an IRI ending in it. */
function sameType(held: string, wanted: string): boolean {
  return held === wanted || [':', '/', '#'].some((separator) => held.endsWith(`${separator}${wanted}`));
}

/** Unreadable validity dates make a credential invalid: the identity layer should have refused it. */
function validAt(credential: CounterpartyCredential, now: Date): boolean {
  const nowMs = now.getTime();
  const within = (text: string | undefined, side: 'from' | 'until') => {
    if (text === undefined) return true;
    const instant = parseIsoDate(text);
    if (!instant) return false;
    if (instant.kind === 'date') return side === 'from' ? instant.day <= utcDay(nowMs) : utcDay(nowMs) <= instant.day;
    return side === 'from' ? instant.ms <= nowMs : nowMs <= instant.ms;
  };
  return within(credential.validFrom, 'from') && within(credential.validUntil, 'until');
}

function claimAt(subject: unknown, path: string): unknown {
  let value = subject;
  for (const segment of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(segment)) value = value[Number(segment)];
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else return undefined;
  }
  return value;
}
