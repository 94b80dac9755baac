/** Base58 with the Bitcoin alphabet, as multibase prefix `z` uses it (did:key). */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const VALUES = new Map([...ALPHABET].map((char, index) => [char, BigInt(index)]));

/** Undefined when `text` holds a character outside the alphabet. */
export function decodeBase58btc(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = VALUES.get(char);
    if (digit === undefined) return undefined;
    value = value * 58n + digit;
  }
  const bytes: number[] = [];
  for (; value > 0n; value >>= 8n) bytes.unshift(Number(value & 0xffn));
  // Each leading '1' stands for one leading zero byte.
  const zeros = /^1*/.exec(text)![0].length;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes]);
}
