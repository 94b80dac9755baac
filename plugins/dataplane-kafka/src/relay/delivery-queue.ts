/**
 * Batches fetched from the source wait here for delivery, so that fetching the next batch overlaps
 * with producing (and committing) the previous ones. Whatever is waiting when a delivery finishes
 * goes out as one delivery: under load the relay sends fewer, larger requests. Deliveries run one
 * at a time and in order, so a committed offset never passes a message that was not delivered.
 */

export interface FetchedBatch<M> {
  readonly partition: number;
  readonly messages: readonly M[];
  /** The source offset to commit once these messages are delivered: the last one's + 1. */
  readonly nextOffset: string;
}

export interface DeliveryQueue<M> {
  /** Queues a batch; waits while more than the limit of messages is waiting. Throws once a delivery failed. */
  push(batch: FetchedBatch<M>): Promise<void>;
  /** Resolves when nothing is waiting or being delivered; rejects once a delivery failed. */
  idle(): Promise<void>;
  /** Messages delivered so far. */
  delivered(): number;
}

/** `failed` hears of a failed delivery at once: the relay must not wait for the next fetched batch to learn of it. */
export function createDeliveryQueue<M>(
  deliver: (batches: readonly FetchedBatch<M>[]) => Promise<void>,
  maxWaitingMessages: number,
  failed: (error: unknown) => void,
): DeliveryQueue<M> {
  let waiting: FetchedBatch<M>[] = [];
  let waitingMessages = 0;
  let draining: Promise<void> | undefined;
  let failure: unknown;
  let delivered = 0;

  const drain = async () => {
    while (waiting.length > 0) {
      const batches = waiting;
      const count = waitingMessages;
      waiting = [];
      waitingMessages = 0;
      await deliver(batches);
      delivered += count;
    }
  };
  const kick = () => {
    draining ??= drain().then(
      () => {
        draining = undefined;
      },
      // Whatever was waiting is dropped with the failed delivery: none of it was committed.
      (error: unknown) => {
        failure = error;
        failed(error);
      },
    );
  };

  return {
    async push(batch) {
      if (failure !== undefined) throw failure;
      waiting.push(batch);
      waitingMessages += batch.messages.length;
      kick();
      if (waitingMessages > maxWaitingMessages) await draining;
      if (failure !== undefined) throw failure;
    },
    async idle() {
      await draining;
      if (failure !== undefined) throw failure;
    },
    delivered: () => delivered,
  };
}
