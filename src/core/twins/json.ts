/** Twins as files: stable JSON text, so that the same program gives the same bytes. Pure. */

/** Drops undefined members (JSON.stringify does too) and keeps the order in which they were built. */
export function twinText(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A deterministic UUID (version 8, RFC 9562 "custom") from a SHA-256 digest in hex. */
export function uuidFromDigest(hex: string): string {
  const h = hex.slice(0, 32).split("");
  h[12] = "8";
  h[16] = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
