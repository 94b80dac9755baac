/** Where the issuer serves a status list credential: under its IssuerService endpoint. */
export function statusListUrl(issuerBaseUrl: string, listId: string): string {
  return `${issuerBaseUrl}/status-lists/${listId}`;
}
