/** Sizes a suite lets the environment override, e.g. to try a smaller run first. */
export function benchNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`bench: ${name} must be a positive number, not ${JSON.stringify(value)}`);
  return number;
}
