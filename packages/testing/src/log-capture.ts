import type { DestinationStream } from 'pino';

/** A pino destination that keeps every log line, parsed, for assertions. */
export interface LogCapture extends DestinationStream {
  readonly lines: Array<Record<string, unknown>>;
  /** The raw text of every line, for "this value must not appear anywhere" checks. */
  text(): string;
}

export function createLogCapture(): LogCapture {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    write(chunk: string) {
      for (const line of chunk.split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
    },
    text: () => raw.join('\n'),
  };
}
