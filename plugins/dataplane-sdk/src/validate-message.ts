/** Checks a DPS message against its schema: a 400 problem listing what is wrong, or the typed message. */
import { problems } from '@tdss/sdk';
import type { Static } from 'typebox';
import { Compile, type Validator } from 'typebox/schema';
import { DPS_SCHEMAS, type DpsMessageName } from './messages.ts';

const validators = new Map<DpsMessageName, Validator>();

export function validateMessage<N extends DpsMessageName>(name: N, value: unknown): Static<(typeof DPS_SCHEMAS)[N]> {
  let validator = validators.get(name);
  if (!validator) {
    validator = Compile(DPS_SCHEMAS[name] as unknown as Record<string, unknown>);
    validators.set(name, validator);
  }
  if (validator.Check(value)) return value as Static<(typeof DPS_SCHEMAS)[N]>;
  const [, errors] = validator.Errors(value);
  const issues = errors.slice(0, 20).map((error) => ({ path: error.instancePath || '/', message: error.message }));
  throw problems.badRequest(`not a valid ${name}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
}
