/** Whether `did` matches an allow-list entry: the same DID, or a pattern whose `*` stands for any characters. */
export function holderMatches(pattern: string, did: string): boolean {
  if (!pattern.includes('*')) return pattern === did;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(did);
}
