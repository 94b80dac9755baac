/** `: <detail>` of another party's problem+json answer, for an error message of ours; empty for anything else. */
export function problemDetail(text: string): string {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? `: ${detail.slice(0, 500)}` : '';
  } catch {
    return '';
  }
}
