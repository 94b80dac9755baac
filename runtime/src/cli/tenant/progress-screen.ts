/**
 * Progress on a terminal: the workflow's steps as a block redrawn in place, with a spinner and a
 * running clock on the steps in flight. Lines are cut to the terminal's width so the block never
 * wraps, which would break moving the cursor back over it.
 */
import type { Terminal } from '../io.ts';
import type { ProgressView } from './progress-view.ts';
import { describeStep, IN_FLIGHT, stepMark, stepWidths } from './step-status.ts';
import type { TenantDetailsJson } from './tenant-json.ts';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 100;
const CLEAR_LINE = '\x1b[2K';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

export function createProgressScreen(terminal: Terminal): ProgressView {
  let tenant: TenantDetailsJson | undefined;
  let drawn = 0;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;

  const lines = (spinning: boolean): string[] => {
    if (!tenant) return [];
    const orchestration = tenant.orchestration;
    const head = `tenant ${tenant.id}: ${tenant.state}${orchestration ? `, workflow ${orchestration.id} (${orchestration.name})` : ''}`;
    if (!orchestration) return [head];
    const widths = stepWidths(orchestration.steps);
    const now = Date.now();
    return [
      head,
      ...orchestration.steps.map((step) => {
        const mark = spinning && IN_FLIGHT.has(step.state) ? SPINNER[frame % SPINNER.length]! : stepMark(step);
        return `  ${mark} ${describeStep(step, now, widths)}`;
      }),
    ];
  };

  const draw = (spinning: boolean) => {
    // A pseudo-terminal may report no width at all.
    const width = Math.max(20, (terminal.columns || 80) - 1);
    const next = lines(spinning).map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
    // Back to the block's first line, then rewrite it; whatever the old block had beyond is cleared.
    let text = drawn ? `\x1b[${drawn}F` : '';
    for (const line of next) text += `${CLEAR_LINE}${line}\n`;
    if (next.length < drawn) text += '\x1b[0J';
    terminal.write(text);
    drawn = next.length;
  };

  return {
    update(next) {
      tenant = next;
      if (!timer) {
        terminal.write(HIDE_CURSOR);
        timer = setInterval(() => {
          frame++;
          draw(true);
        }, FRAME_MS);
        timer.unref();
      }
      draw(true);
    },
    notice(text) {
      // Above the block, which is drawn again below it.
      terminal.write(`${drawn ? `\x1b[${drawn}F\x1b[0J` : ''}${text}\n`);
      drawn = 0;
      draw(true);
    },
    finish() {
      if (timer) clearInterval(timer);
      timer = undefined;
      draw(false);
      terminal.write(SHOW_CURSOR);
    },
  };
}
