/**
 * Thrown inside the fast path when a message uses something its term table does not cover; the
 * caller catches it and hands the message to jsonld.js unchanged. One shared instance: the fast
 * path never reports it, so a stack trace would be wasted work.
 */
export class OutsideTable extends Error {
  private constructor() {
    super('outside the precomputed term table');
  }

  static readonly signal = new OutsideTable();
}

export function outside(): never {
  throw OutsideTable.signal;
}
