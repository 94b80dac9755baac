import { TdssError } from '@tdss/sdk';
import { formatIssue, type Issue } from '../settings/issue.ts';

/** Everything wrong with a profile at once, so the operator fixes it in one pass. */
export class ProfileError extends TdssError {
  readonly issues: readonly Issue[];

  constructor(source: string, issues: readonly Issue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${source} has ${count}:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`, {
      code: 'KERNEL_INVALID_PROFILE',
    });
    this.name = 'ProfileError';
    this.issues = issues;
  }
}
