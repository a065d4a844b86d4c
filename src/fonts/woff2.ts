/**
 * The characters a WOFF2 font has glyphs for, read from its cmap table (W3C WOFF2 §5; OpenType
 * cmap formats 4 and 12). Used when the package is built, to know exactly which characters the
 * shipped fonts can draw: a subset's CSS unicode-range says what it is meant for, not what it has.
 *
 * Only the table directory is parsed and the compressed block inflated (Node's own Brotli); cmap
 * is never transformed in WOFF2, so it is read as it is in the decompressed stream.
 */
import { brotliDecompressSync } from "node:zlib";
import { merge, type Ranges } from "../core/ranges.js";

export { contains, intersect, parseUnicodeRange, type Ranges, union } from "../core/ranges.js";

/** The 63 tags a WOFF2 table directory names by index (WOFF2 §5.2). */
const KNOWN_TAGS = [
  "cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post", "cvt ", "fpgm", "glyf", "loca",
  "prep", "CFF ", "VORG", "EBDT", "EBLC", "gasp", "hdmx", "kern", "LTSH", "PCLT", "VDMX", "vhea",
  "vmtx", "BASE", "GDEF", "GPOS", "GSUB", "EBSC", "JSTF", "MATH", "CBDT", "CBLC", "COLR", "CPAL",
  "SVG ", "sbix", "acnt", "avar", "bdat", "bloc", "bsln", "cvar", "fdsc", "feat", "fmtx", "fvar",
  "gvar", "hsty", "just", "lcar", "mort", "morx", "opbd", "prop", "trak", "Zapf", "Silf", "Glat",
  "Gloc", "Feat", "Sill",
]; // biome-ignore format: a table, one tag per slot

export class FontFormatError extends Error {}

function readBase128(buf: Buffer, at: { pos: number }): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = buf[at.pos++];
    if (byte === undefined || (i === 0 && byte === 0x80))
      throw new FontFormatError("bad UIntBase128");
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  throw new FontFormatError("UIntBase128 longer than 5 bytes");
}

/** The decompressed cmap table of a WOFF2 file. */
function cmapTable(woff2: Buffer): Buffer {
  if (woff2.readUInt32BE(0) !== 0x774f4632) throw new FontFormatError("not a WOFF2 file");
  if (woff2.readUInt32BE(4) === 0x74746366)
    throw new FontFormatError("font collections are not read");
  const numTables = woff2.readUInt16BE(12);
  const compressedLength = woff2.readUInt32BE(20);
  const at = { pos: 48 };
  let offset = 0;
  let cmap: { offset: number; length: number } | undefined;
  for (let i = 0; i < numTables; i++) {
    const flags = woff2[at.pos++] as number;
    let tag = KNOWN_TAGS[flags & 0x3f];
    if ((flags & 0x3f) === 63) {
      tag = woff2.toString("latin1", at.pos, at.pos + 4);
      at.pos += 4;
    }
    const origLength = readBase128(woff2, at);
    const version = (flags >> 6) & 3;
    // glyf and loca are transformed unless version 3; other tables only when version is not 0.
    const transformed = tag === "glyf" || tag === "loca" ? version !== 3 : version !== 0;
    const length = transformed ? readBase128(woff2, at) : origLength;
    if (tag === "cmap") cmap = { offset, length };
    offset += length;
  }
  if (!cmap) throw new FontFormatError("the font has no cmap table");
  const data = brotliDecompressSync(woff2.subarray(at.pos, at.pos + compressedLength));
  return data.subarray(cmap.offset, cmap.offset + cmap.length);
}

function format12(t: Buffer, at: number): Ranges {
  const groups = t.readUInt32BE(at + 12);
  const out: Ranges = [];
  for (let g = 0; g < groups; g++) {
    const p = at + 16 + g * 12;
    out.push([t.readUInt32BE(p), t.readUInt32BE(p + 4)]);
  }
  return out;
}

function format4(t: Buffer, at: number): Ranges {
  const segX2 = t.readUInt16BE(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  const out: Ranges = [];
  for (let s = 0; s < segX2 / 2; s++) {
    const end = t.readUInt16BE(ends + 2 * s);
    const start = t.readUInt16BE(starts + 2 * s);
    const delta = t.readUInt16BE(deltas + 2 * s);
    const ro = t.readUInt16BE(rangeOffsets + 2 * s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (ro === 0) glyph = (c + delta) & 0xffff;
      else {
        const p = rangeOffsets + 2 * s + ro + 2 * (c - start);
        const g = p + 1 < t.length ? t.readUInt16BE(p) : 0;
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) out.push([c, c]);
    }
  }
  return out;
}

/** The code points the font maps to a glyph (glyph 0, .notdef, does not count). */
export function woff2Coverage(woff2: Buffer): Ranges {
  const t = cmapTable(woff2);
  const count = t.readUInt16BE(2);
  let best: { format: number; at: number } | undefined;
  for (let i = 0; i < count; i++) {
    const platform = t.readUInt16BE(4 + i * 8);
    const encoding = t.readUInt16BE(6 + i * 8);
    const at = t.readUInt32BE(8 + i * 8);
    const format = t.readUInt16BE(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    if (!best || (format === 12 && best.format !== 12)) best = { format, at };
  }
  if (!best) throw new FontFormatError("the font has no Unicode cmap of format 4 or 12");
  return merge(best.format === 12 ? format12(t, best.at) : format4(t, best.at));
}
