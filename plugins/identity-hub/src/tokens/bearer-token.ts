import { unauthorized } from './unauthorized.ts';

const BEARER = /^Bearer +([A-Za-z0-9_~+/=.-]+)$/;

/** The token of an `Authorization: Bearer <token>` header; a 401 problem for anything else. */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw unauthorized('the request carries no Authorization header');
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw unauthorized('the Authorization header must be "Bearer <self-issued ID token>"');
  return token;
}
