/** Rules about what the printed document can show: every character needs a glyph. */
import { missingGlyphMessage, missingGlyphs } from "../glyphs.js";
import { fieldName } from "../validate.js";
import type { Finding, Rule } from "./types.js";

/** Every string of the program with its path. */
function* strings(
  value: unknown,
  path: (string | number)[] = [],
): Generator<[string, (string | number)[]]> {
  if (typeof value === "string") yield [value, path];
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) yield* strings(v, [...path, i]);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) yield* strings(v, [...path, k]);
}

export const RENDER_RULES: readonly Rule[] = [
  {
    id: "render/missing-glyph",
    severity: "error",
    profiles: ["fibaa", "eu-microcredential"],
    description: "Every character of the program's text can be drawn by the supplement's fonts.",
    explanation:
      'A character that no shipped font covers would print as an empty box ("tofu"), and a reader could not tell what it was. The fonts cover Latin (with Vietnamese), Greek, Cyrillic, Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai, Chinese, Japanese, Korean, Georgian, Armenian and emoji. A finding names each character and its code point: usually a stray private-use character pasted from another document. `build` refuses the program, and `issue` refuses a learner row with such a character in it.',
    check({ program, translated, options }) {
      if (!options.glyphs) return [];
      const findings: Finding[] = [];
      const seen = new Set<string>();
      // The program's own text, and the translation the document prints.
      const versions = translated && translated !== program ? [program, translated] : [program];
      for (const version of versions) {
        for (const [text, path] of strings(version)) {
          const missing = missingGlyphs(text, options.glyphs);
          const key = `${path.join("/")}|${missing.join(",")}`;
          if (!missing.length || seen.has(key)) continue;
          seen.add(key);
          findings.push({ path, ...missingGlyphMessage(fieldName(path), missing) });
        }
      }
      return findings;
    },
  },
];
