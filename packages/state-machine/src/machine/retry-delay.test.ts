import t from 'tap';
import { retryDelay } from './retry-delay.ts';

const policy = { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 10, jitter: 0 };

t.test('doubles from the base delay and stops at the maximum', async (t) => {
  t.same(
    [1, 2, 3, 4, 5, 6].map((failures) => retryDelay(policy, failures)),
    [100, 200, 400, 800, 1_000, 1_000],
  );
});

t.test('jitter spreads a delay within its share and never past the maximum', async (t) => {
  const jittered = { ...policy, jitter: 0.2 };
  t.equal(retryDelay(jittered, 2, () => 0), 160, 'lowest draw: 20% shorter');
  t.equal(retryDelay(jittered, 2, () => 1), 240, 'highest draw: 20% longer');
  t.equal(retryDelay(jittered, 2, () => 0.5), 200);
  t.equal(retryDelay(jittered, 10, () => 1), 1_000, 'the maximum holds with jitter');
  const drawn = Array.from({ length: 50 }, () => retryDelay(jittered, 3));
  t.ok(new Set(drawn).size > 1, 'random draws differ');
  t.ok(drawn.every((delay) => delay >= 320 && delay <= 480), `all within ±20% of 400: ${drawn}`);
});

t.test('a zero base retries at once', async (t) => {
  t.equal(retryDelay({ ...policy, baseDelayMs: 0 }, 5), 0);
});
