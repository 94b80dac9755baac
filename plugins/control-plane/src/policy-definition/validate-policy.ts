/**
 * Checks a policy definition's policy with the ODRL parser of @tdss/policy-engine, the one that
 * will evaluate it: an ODRL Set of permission, prohibition and obligation rules, each with an
 * action and optional constraints, in the DSP 2025-1 profile. Every problem is reported with its
 * path in the request body (`policy.permission[0].action`).
 */
import { parsePolicy, PolicyParseError } from '@tdss/policy-engine';
import { EDC_NAMESPACE } from '../management/edc-management-context.ts';
import { isJsonObject, type ValidationIssues } from '../management/validation-issues.ts';

/** The parser needs an @id; the definition's own id names the policy, so any IRI does here. */
const PLACEHOLDER_ID = 'urn:tdss:policy-definition';

export function validatePolicy(policy: unknown, path: string, issues: ValidationIssues): void {
  if (!isJsonObject(policy)) {
    issues.add(path, 'required: an ODRL policy object, e.g. { "@type": "Set", "permission": [{ "action": "use" }] }');
    return;
  }
  // As in EDC, a policy definition's policy is a Set unless it says otherwise.
  const withDefaults = { '@id': PLACEHOLDER_ID, '@type': 'Set', ...policy };
  try {
    const parsed = parsePolicy(withDefaults, { path: `$.${path}` });
    if (parsed.type !== 'Set') issues.add(`${path}.@type`, 'a policy definition holds an ODRL Set; offers and agreements are made from it');
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    for (const issue of error.issues) issues.add(bodyPath(issue.path), issue.message);
  }
  if (Object.keys(policy).some((key) => key.startsWith(EDC_NAMESPACE))) {
    issues.add(path, 'its terms were read in the EDC vocabulary, not ODRL: give the policy the ODRL context ("@context": "http://www.w3.org/ns/odrl.jsonld") or use the EDC management context');
  }
}

/** The parser's JSONPath (`$.policy['@type']`) in the dotted form of the other errors (`policy.@type`). */
function bodyPath(jsonPath: string): string {
  return jsonPath.replace(/^\$\.?/, '').replace(/\['((?:[^'\\]|\\.)*)'\]/g, (_match, key: string) => `.${key.replaceAll("\\'", "'")}`);
}
