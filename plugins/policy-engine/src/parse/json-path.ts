/** JSONPath of a member, in the dotted form where the key allows it (`$.permission[0]['@id']`). */
export function memberPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}['${key.replaceAll("'", "\\'")}']`;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
