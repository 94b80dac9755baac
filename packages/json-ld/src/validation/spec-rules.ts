import type { ValidationProblem } from './validation-problem.ts';
import { isJsonObject } from '../processor/is-json-object.ts';

type Json = Record<string, unknown>;

/**
 * Requirements the 2025-1 protocol text states but its JSON schemas do not check. Each rule cites
 * the sentence it enforces (specifications/negotiation/contract.negotiation.protocol.md).
 */
const RULES: Record<string, (message: Json) => ValidationProblem[]> = {
  // "An Agreement MUST contain a timestamp property defined as an XSD DateTime type."
  ContractAgreementMessage: (message) => [
    ...(isJsonObject(message.agreement) && !('timestamp' in message.agreement)
      ? [{ path: '/agreement', message: 'must have required properties timestamp' }]
      : []),
    // "An Agreement MUST contain a target property. None of its Rules, however, MUST have any target attributes"
    ...rulesWithTarget(message.agreement, '/agreement'),
  ],
  // "the Offer inside a Contract Offer Message MUST have a target attribute. However, its contained Rules MUST NOT have any target attributes"
  ContractOfferMessage: (message) => rulesWithTarget(message.offer, '/offer'),
  ContractRequestMessage: (message) => rulesWithTarget(message.offer, '/offer'),
};

export function specRuleProblems(type: string, message: Json): ValidationProblem[] {
  return RULES[type]?.(message) ?? [];
}

function rulesWithTarget(policy: unknown, path: string): ValidationProblem[] {
  if (!isJsonObject(policy)) return [];
  const problems: ValidationProblem[] = [];
  for (const kind of ['permission', 'prohibition', 'obligation']) {
    const rules = policy[kind];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, index) => {
      if (isJsonObject(rule) && 'target' in rule) {
        problems.push({ path: `${path}/${kind}/${index}/target`, message: 'must not be present: a rule inherits the target of its policy' });
      }
    });
  }
  return problems;
}
