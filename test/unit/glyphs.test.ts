import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeCharacters, missingGlyphs } from "../../src/core/glyphs.js";
import { contains, intersect, parseUnicodeRange, union } from "../../src/core/ranges.js";
import { fontCoverage } from "../../src/fonts/fonts.js";
import { FontFormatError, woff2Coverage } from "../../src/fonts/woff2.js";

const require = createRequire(import.meta.url);
const fontFile = (pkg: string, file: string) =>
  readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), "files", file));

describe("code point ranges", () => {
  it("parses CSS unicode-range, wildcards included, and merges", () => {
    expect(parseUnicodeRange("U+0000-00FF, U+0131,U+4E??,U+0100-0130")).toEqual([
      [0, 0x131],
      [0x4e00, 0x4eff],
    ]);
    expect(
      intersect(
        [
          [0, 10],
          [20, 30],
        ],
        [[5, 25]],
      ),
    ).toEqual([
      [5, 10],
      [20, 25],
    ]);
    expect(union([[5, 6]], [[0, 4]])).toEqual([[0, 6]]);
    const set = parseUnicodeRange("U+41-5A,U+61-7A");
    expect(contains(set, 0x41)).toBe(true);
    expect(contains(set, 0x60)).toBe(false);
  });
});

describe("the WOFF2 cmap reader", () => {
  it("reads which characters a face really has", () => {
    const latin = woff2Coverage(
      fontFile("@fontsource/noto-sans", "noto-sans-latin-400-normal.woff2"),
    );
    expect(contains(latin, "A".codePointAt(0) as number)).toBe(true);
    expect(contains(latin, 0xe9)).toBe(true); // é
    expect(contains(latin, 0x4e2d)).toBe(false); // 中
    const arabic = woff2Coverage(
      fontFile("@fontsource/noto-sans-arabic", "noto-sans-arabic-arabic-400-normal.woff2"),
    );
    expect(contains(arabic, 0x0645)).toBe(true); // م
  });

  it("refuses a file that is not WOFF2", () => {
    expect(() =>
      woff2Coverage(Buffer.from("not a font at all, just text.....................")),
    ).toThrow(FontFormatError);
  });

  it("records, at build time, every script the fonts are shipped for, and nothing private", () => {
    const all = fontCoverage();
    for (const ch of "AzéŁễΓЖمשअঅதกあ中國한გԱ🌻")
      expect(contains(all, ch.codePointAt(0) as number), ch).toBe(true);
    for (const cp of [0xe000, 0xf8ff, 0x13000, 0x10ffff]) expect(contains(all, cp)).toBe(false);
  });
});

describe("missing glyphs", () => {
  it("finds each uncovered character once, and ignores what is not drawn", () => {
    const coverage = fontCoverage();
    expect(missingGlyphs("Ana\u200dSol\u200e\n\tZoë\ufe0f 🌻 محمد", coverage)).toEqual([]);
    expect(missingGlyphs("a\ue000b\ue000c\u{13000}", coverage)).toEqual([0xe000, 0x13000]);
    expect(describeCharacters([0xe000, 0x13000])).toBe('"\ue000" (U+E000), "\u{13000}" (U+13000)');
  });
});
