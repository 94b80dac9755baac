import { ProblemError } from '@tdss/sdk';
import type { ValidationProblem } from './validation-problem.ts';

/**
 * A DSP message that cannot be read: a 400 problem+json whose `errors` member lists each problem
 * with its JSON pointer.
 */
export class DspMessageError extends ProblemError {
  readonly errors: ValidationProblem[];

  constructor(detail: string, errors: ValidationProblem[]) {
    super(400, detail, { type: 'dsp-invalid-message', title: 'Invalid DSP message', extensions: { errors } });
    this.name = 'DspMessageError';
    this.errors = errors;
  }
}
