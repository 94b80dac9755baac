/** The error a promise rejects with, for assertions on its fields; fails when it resolves instead. */
export async function rejectionOf<E extends Error = Error>(promise: Promise<unknown>): Promise<E> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error(`expected a rejection, but the promise resolved to ${String(value)}`);
}
