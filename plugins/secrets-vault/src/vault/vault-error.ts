/** What a Vault request's failure says, without anything it was sent. */

/** The HTTP status Vault answered with, or undefined when the request got no answer. */
export function vaultStatus(error: unknown): number | undefined {
  const status = (error as { response?: { statusCode?: unknown } } | undefined)?.response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * An error naming the action, Vault's first error message (node-vault puts it in `message`) and
 * the status. Neither node-vault nor Vault echoes request bodies or tokens in them.
 */
export function vaultFailure(action: string, error: unknown): Error {
  const status = vaultStatus(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`@tdss/secrets-vault: ${action} failed: ${reason || 'no reason given'}${status === undefined ? '' : ` (HTTP ${status})`}`, {
    cause: error,
  });
}
