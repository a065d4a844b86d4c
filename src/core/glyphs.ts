/**
 * Characters that no shipped font can draw ("tofu"): found before anything is printed, so that a
 * learner's name never comes out as a row of empty boxes. Pure: the fonts' coverage is passed in.
 */
import { contains, type Ranges } from "./ranges.js";

/**
 * Characters that are not drawn themselves: controls (line breaks), format characters (bidi
 * marks, zero-width joiners, soft hyphen, tags), line and paragraph separators, and variation
 * selectors (they choose a form of the character before them).
 */
const NOT_DRAWN = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u;
const isVariationSelector = (cp: number) =>
  (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);

/** The characters of `text` that no font covers, each once, in order of appearance. */
export function missingGlyphs(text: string, coverage: Ranges): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80 && cp >= 0x20) continue;
    if (NOT_DRAWN.test(ch) || isVariationSelector(cp) || contains(coverage, cp)) continue;
    if (out.includes(cp)) continue;
    out.push(cp);
  }
  return out;
}

/** U+E000 */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** '"" (U+E000), "𓀀" (U+13000)': each character (quoted, as it is) with its code point. */
export function describeCharacters(cps: readonly number[]): string {
  const shown = cps
    .slice(0, 8)
    .map((cp) => `"${String.fromCodePoint(cp)}" (${codePointLabel(cp)})`);
  return cps.length > 8 ? `${shown.join(", ")} and ${cps.length - 8} more` : shown.join(", ");
}

/** The message and hint of a missing-glyph finding, for program fields and learner rows alike. */
export function missingGlyphMessage(
  field: string,
  cps: readonly number[],
): { message: string; hint: string } {
  return {
    message: `${field} has ${cps.length === 1 ? "a character" : `${cps.length} characters`} that no font of the supplement can draw: ${describeCharacters(cps)}`,
    hint: "It would print as an empty box. Check the text for a stray or private-use character; the fonts cover Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai, Chinese, Japanese, Korean, Georgian, Armenian and emoji (README, section Fonts and scripts).",
  };
}
