import t from 'tap';
import { createDeliveryQueue, type FetchedBatch } from './delivery-queue.ts';

const batch = (partition: number, from: number, count: number): FetchedBatch<number> => ({
  partition,
  messages: Array.from({ length: count }, (_, i) => from + i),
  nextOffset: String(from + count),
});

t.test('batches fetched while one delivery runs go out together, in order', async (t) => {
  const deliveries: number[][] = [];
  let release: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (release = resolve));
  const queue = createDeliveryQueue<number>(
    async (batches) => {
      deliveries.push(batches.flatMap((b) => b.messages));
      if (deliveries.length === 1) await first;
    },
    100,
    () => t.fail('no delivery fails'),
  );
  await queue.push(batch(0, 0, 2));
  await queue.push(batch(1, 10, 2));
  await queue.push(batch(0, 2, 2));
  release();
  await queue.idle();
  t.same(deliveries, [[0, 1], [10, 11, 2, 3]], 'the first alone, then what waited meanwhile as one delivery');
  t.equal(queue.delivered(), 6);
});

t.test('pushing waits while more than the limit is waiting', async (t) => {
  let release: () => void = () => undefined;
  const blocked = new Promise<void>((resolve) => (release = resolve));
  const queue = createDeliveryQueue<number>(async () => blocked, 3, () => undefined);
  await queue.push(batch(0, 0, 2));
  await queue.push(batch(0, 2, 2));
  let returned = false;
  const pushing = queue.push(batch(0, 4, 2)).then(() => (returned = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.notOk(returned, 'two messages in delivery, four waiting for a limit of three: the fetcher waits');
  release();
  await pushing;
  t.ok(returned);
});

t.test('a failed delivery is reported at once, and every later push or idle throws it', async (t) => {
  const failures: unknown[] = [];
  const broken = new Error('destination refused');
  const queue = createDeliveryQueue<number>(
    async () => {
      throw broken;
    },
    100,
    (error) => failures.push(error),
  );
  await queue.push(batch(0, 0, 1));
  await new Promise((resolve) => setTimeout(resolve, 0));
  t.same(failures, [broken], 'reported without waiting for another batch');
  await t.rejects(queue.push(batch(0, 1, 1)), broken);
  await t.rejects(queue.idle(), broken);
  t.equal(queue.delivered(), 0, 'nothing counts as delivered');
});
