import { ProblemError } from '@tdss/sdk';
import { PLUGIN_NAME } from '../plugin-name.ts';

export interface PolicyIssue {
  /** JSONPath of the offending value, from the root handed to the parser. */
  readonly path: string;
  readonly message: string;
}

/**
 * A policy document that is not a DSP 2025-1 ODRL policy. Its detail and issues only describe
 * the document that was handed in, so it is safe to return to whoever sent it (HTTP 400).
 */
export class PolicyParseError extends ProblemError {
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    super(400, `[${PLUGIN_NAME}] invalid ODRL policy: ${list}. Fix the policy to follow the DSP 2025-1 policy schema.`, {
      type: 'invalid-policy',
      title: 'Invalid policy',
      extensions: { issues },
    });
    this.name = 'PolicyParseError';
    this.issues = issues;
  }
}
