import t from 'tap';
import type { StepDefinition } from '../definition/orchestration-definition.ts';
import { type Progress, type ProgressEvent, planProgress } from './plan-progress.ts';

// a → (b, c) → d
const DIAMOND: StepDefinition[] = [
  { id: 'a', activity: 'x' },
  { id: 'b', activity: 'x', dependsOn: ['a'] },
  { id: 'c', activity: 'y', dependsOn: ['a'] },
  { id: 'd', activity: 'x', dependsOn: ['b', 'c'] },
];

const running = (progress: Progress['progress']): Progress => ({ state: 'RUNNING', ending: null, error: null, progress, outputs: {} });

/** Plays events from a start, as the engine would, and returns the final progress with every plan. */
function play(steps: StepDefinition[], start: Progress, events: ProgressEvent[]) {
  let current = start;
  const plans = events.map((event) => {
    const plan = planProgress(steps, current, event);
    current = plan.next ?? current;
    return plan;
  });
  return { current, plans };
}

t.test('completions release the steps whose dependencies are all completed, then complete the orchestration', async (t) => {
  const { current, plans } = play(DIAMOND, running({ a: 'released' }), [
    { kind: 'completed', stepId: 'a', output: { n: 1 } },
    { kind: 'completed', stepId: 'b', output: null },
    { kind: 'completed', stepId: 'c', output: { n: 3 } },
    { kind: 'completed', stepId: 'd', output: 'done' },
  ]);
  t.same(plans.map((plan) => plan.moves.map((move) => `${move.stepId}:${move.to}`)), [['b:RUNNING', 'c:RUNNING'], [], ['d:RUNNING'], []]);
  t.same(plans.map((plan) => plan.own), ['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
  t.same(plans.map((plan) => plan.ended), [undefined, undefined, undefined, 'COMPLETED']);
  t.same(current.outputs, { a: { n: 1 }, b: null, c: { n: 3 }, d: 'done' });
});

t.test('a repeated event changes nothing and tells the step where it is', async (t) => {
  const progress = running({ a: 'completed', b: 'released', c: 'released' });
  const plan = planProgress(DIAMOND, progress, { kind: 'completed', stepId: 'a', output: 2 });
  t.equal(plan.next, undefined);
  t.same(plan.moves, []);
  t.equal(plan.own, 'COMPLETED');
});

t.test('a failure skips waiting steps, waits for steps in flight, compensates in reverse dependency order', async (t) => {
  const { current, plans } = play(DIAMOND, running({ a: 'completed', b: 'released', c: 'released' }), [
    { kind: 'failed', stepId: 'c', error: 'boom' },
    // b was in flight: it completes, and is compensated first since nothing depends on it any more
    { kind: 'completed', stepId: 'b', output: 1 },
    { kind: 'compensated', stepId: 'b' },
    { kind: 'compensated', stepId: 'a' },
  ]);
  t.same(plans[0]!.moves, [{ stepId: 'd', from: ['WAITING'], to: 'SKIPPED' }], 'd never runs');
  t.equal(plans[0]!.own, 'FAILED');
  t.same(plans[0]!.next?.error, 'step c (y) failed: boom');
  t.equal(plans[1]!.own, 'COMPENSATING', 'the completing step goes on to compensate itself');
  t.same(plans[1]!.moves, [], 'a waits until b is compensated');
  t.same(plans[2]!.moves, [{ stepId: 'a', from: ['RUNNING', 'COMPLETED'], to: 'COMPENSATING' }]);
  t.equal(plans[3]!.ended, 'FAILED');
  t.same(current.progress, { a: 'compensated', b: 'compensated', c: 'failed', d: 'skipped' });
});

t.test('cancel ends CANCELLED once everything is compensated, FAILED when a compensation failed', async (t) => {
  const cancelled = play(DIAMOND, running({ a: 'completed', b: 'completed', c: 'completed', d: 'released' }), [
    { kind: 'cancel', reason: 'cancelled' },
    { kind: 'skipped', stepId: 'd' },
    { kind: 'compensated', stepId: 'c' },
    { kind: 'compensated', stepId: 'b' },
    { kind: 'compensated', stepId: 'a' },
  ]);
  t.same(cancelled.plans[0]!.moves, [], 'nothing compensated while d may still run');
  t.same(cancelled.plans[1]!.moves.map((move) => move.stepId), ['b', 'c'], 'b and c once d is skipped');
  t.equal(cancelled.plans[1]!.own, 'SKIPPED');
  t.same(cancelled.plans[3]!.moves.map((move) => move.stepId), ['a'], 'a after both');
  t.equal(cancelled.current.state, 'CANCELLED');
  t.equal(cancelled.current.error, 'cancelled');

  const partly = play([{ id: 'a', activity: 'x' }], running({ a: 'completed' }), [
    { kind: 'cancel', reason: 'cancelled: operator' },
    { kind: 'uncompensated', stepId: 'a', error: 'gone' },
  ]);
  t.equal(partly.current.state, 'FAILED');
  t.equal(partly.current.error, 'cancelled: operator; compensation of step a (x) failed: gone');

  t.same(planProgress(DIAMOND, { ...cancelled.current }, { kind: 'cancel', reason: 'again' }), { moves: [] }, 'cancelling an ended orchestration changes nothing');
});
