/** Sets of Unicode code points as sorted, merged, inclusive ranges. Pure. */

/** Inclusive code point ranges, sorted and merged. */
export type Ranges = [number, number][];

export function merge(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Parses a CSS unicode-range value ("U+0000-00FF,U+0131,U+4E??"). */
export function parseUnicodeRange(css: string): Ranges {
  const out: Ranges = [];
  for (const part of css.split(",")) {
    const m = /^\s*U\+([0-9A-F?]+)(?:-([0-9A-F]+))?\s*$/i.exec(part);
    if (!m?.[1]) continue;
    if (m[1].includes("?")) {
      out.push([parseInt(m[1].replaceAll("?", "0"), 16), parseInt(m[1].replaceAll("?", "F"), 16)]);
    } else {
      const lo = parseInt(m[1], 16);
      out.push([lo, m[2] ? parseInt(m[2], 16) : lo]);
    }
  }
  return merge(out);
}

/** The code points in both sets. */
export function intersect(a: Ranges, b: Ranges): Ranges {
  const out: Ranges = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i] as [number, number];
    const [blo, bhi] = b[j] as [number, number];
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

export function union(...sets: Ranges[]): Ranges {
  return merge(sets.flat().map(([a, b]) => [a, b] as [number, number]));
}

/** Whether a code point is in a sorted, merged set (binary search). */
export function contains(ranges: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid] as [number, number];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}
