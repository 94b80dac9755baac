/**
 * The verifier side of the Resolution API: asks the holder's credential service for the scopes,
 * authenticated with our self-issued ID token carrying the holder's access token, and returns the
 * `presentation` list of the PresentationResponseMessage.
 */
import { InvalidCredentialError } from '../credentials/parsed-credential.ts';
import { isObject } from '../credentials/parse-credential.ts';
import { DCP_CONTEXT } from '../dcp/dcp-services.ts';
import { fetchLimited, RemoteError } from '../remote/fetch-limited.ts';
import { remoteUrlProblem } from '../remote/remote-url.ts';

export interface PresentationQuery {
  endpoint: string;
  idToken: string;
  scopes: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  httpLoopback: boolean;
}

export async function queryCredentialService(query: PresentationQuery): Promise<unknown[]> {
  const url = `${query.endpoint}/presentations/query`;
  const problem = remoteUrlProblem(url, { httpLoopback: query.httpLoopback });
  if (problem) throw new InvalidCredentialError(`the credential service URL ${query.endpoint} ${problem}`);
  let answer: { status: number; text: string };
  try {
    answer = await fetchLimited(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${query.idToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ '@context': [DCP_CONTEXT], type: 'PresentationQueryMessage', scope: query.scopes }),
      timeoutMs: query.timeoutMs,
      maxBytes: query.maxBytes,
    });
  } catch (error) {
    if (error instanceof RemoteError) throw new InvalidCredentialError(`the credential service cannot be queried: ${error.message}`);
    throw error;
  }
  if (answer.status < 200 || answer.status > 299) throw new InvalidCredentialError(`the credential service answered the presentation query with ${answer.status}`);
  let message: unknown;
  try {
    message = JSON.parse(answer.text);
  } catch {
    throw new InvalidCredentialError('the credential service answered with something that is not JSON');
  }
  if (!isObject(message) || message.type !== 'PresentationResponseMessage' || !Array.isArray(message.presentation)) {
    throw new InvalidCredentialError('the credential service did not answer with a PresentationResponseMessage');
  }
  if (message.presentation.length === 0) throw new InvalidCredentialError('the credential service presented nothing');
  return message.presentation;
}
