/**
 * Bits per status list: the W3C Bitstring Status List minimum (16 KiB), which gives each holder
 * herd privacy. A list takes new credentials until a quarter of it is used; random indexes then
 * rarely collide, and a collision just draws again.
 */
export const STATUS_LIST_SIZE = 131_072;
export const STATUS_LIST_FILL = STATUS_LIST_SIZE / 4;
