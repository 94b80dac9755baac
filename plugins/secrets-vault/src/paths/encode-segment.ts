/**
 * Tenant ids, secret keys and key pair ids become single Vault path segments and parts of Transit
 * key names. Letters, digits and `-` stay as they are (ids stay readable in Vault); every other
 * UTF-8 byte, `_` included, becomes `_` and two hex digits, and so does a final `-` (Transit names
 * must end in a word character). The result never holds `/`, `.`, `%` or `__`, so `..`, `%2e%2e`
 * and slashes name nothing but themselves, and two different inputs never meet.
 */
export function encodeSegment(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9-]/.test(char) ? char : `_${byte.toString(16).padStart(2, '0')}`;
  }
  return encoded.replace(/-$/, '_2d');
}

/** The inverse of encodeSegment, for names read back from Vault listings. */
export function decodeSegment(encoded: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '_') {
      bytes.push(Number.parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(encoded.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}
