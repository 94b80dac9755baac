import { UniqueConstraintViolationException } from '@mikro-orm/core';

/** A unique-key clash, whether MikroORM translated the driver's error or Kysely passed it on raw. */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof UniqueConstraintViolationException) return true;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '23505' || (typeof message === 'string' && /UNIQUE constraint failed|duplicate key value/i.test(message));
}
