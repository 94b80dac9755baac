import type { ParticipantContext } from './participant-context.ts';

/**
 * How long a participant context read stays in memory. Every DSP message and every processor step
 * looks its participant context up (a dozen times per negotiation and transfer); a second is long
 * enough to spare those reads and short enough that a context deactivated through another replica
 * closes there within it. Writes through this replica take effect at once.
 */
export const PARTICIPANT_CONTEXT_TTL_MS = 1_000;

export interface ParticipantContextCache {
  /** The context as read at most `ttlMs` ago (null when there was none), loading it when needed. */
  get(id: string, load: () => Promise<ParticipantContext | null>): Promise<ParticipantContext | null>;
  /** Forgets a context that was written. */
  forget(id: string): void;
}

export function createParticipantContextCache(ttlMs = PARTICIPANT_CONTEXT_TTL_MS): ParticipantContextCache {
  const entries = new Map<string, { until: number; value: Promise<ParticipantContext | null> }>();
  return {
    get(id, load) {
      const now = performance.now();
      const cached = entries.get(id);
      if (cached && cached.until > now) return cached.value;
      // Concurrent lookups share one read; a failed read is not kept.
      const value = load();
      const entry = { until: now + ttlMs, value };
      entries.set(id, entry);
      value.catch(() => entries.get(id) === entry && entries.delete(id));
      // The map holds one entry per context ever read; drop the stale ones now and then.
      if (entries.size > 1024) for (const [key, e] of entries) if (e.until <= now) entries.delete(key);
      return value;
    },
    forget(id) {
      entries.delete(id);
    },
  };
}
