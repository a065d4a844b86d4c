/**
 * A batch page's own copies of the shipped faces (fonts/fonts.ts): where they are loaded from,
 * which characters a copy draws, and the stacks that select them.
 */
import { describe, expect, it } from "vitest";
import {
  copyRange,
  FACE_ORIGIN,
  faceFile,
  slotFaceCss,
  slotStacks,
} from "../../src/fonts/fonts.js";

const LATIN_BOLD = "Noto Serif|noto-serif-latin-700-normal.woff2";

describe("a batch page's own copy of a face", () => {
  it("is loaded from a URL of its own, which the renderer answers with the shipped WOFF2 file", () => {
    const css = slotFaceCss(LATIN_BOLD, 3, new Set([0xd8, 0xe5]));
    expect(css).toContain('font-family:"s3 Noto Serif"');
    expect(css).toContain("font-weight:700");
    // Only the page's own characters (Ø, å): the rest of the text stays on the shared face.
    expect(css).toContain("unicode-range:U+d8,U+e5}");
    const url = /src:url\(([^)]+)\)/.exec(css)?.[1] as string;
    expect(url.startsWith(FACE_ORIGIN)).toBe(true);
    const bytes = faceFile(url);
    expect(bytes?.subarray(0, 4).toString("latin1")).toBe("wOF2");
    // Another page's copy is another URL (another font to Chromium), with the same file.
    const other = /src:url\(([^)]+)\)/.exec(slotFaceCss(LATIN_BOLD, 4))?.[1] as string;
    expect(other).not.toBe(url);
    expect(faceFile(other)?.equals(bytes as Buffer)).toBe(true);
    expect(slotFaceCss(LATIN_BOLD, 4)).toMatch(/unicode-range:U\+0-ff,/i);
  });

  it("serves nothing but the shipped faces", () => {
    for (const url of [
      "https://example.org/s0/Noto%20Serif/noto-serif-latin-700-normal.woff2",
      `${FACE_ORIGIN}s0/Noto%20Serif/../../../package.json`,
      `${FACE_ORIGIN}s0/Noto%20Serif/noto-serif-latin-700-normal.woff`,
      `${FACE_ORIGIN}s0/Comic%20Sans/noto-serif-latin-700-normal.woff2`,
      `${FACE_ORIGIN}s0/Noto%20Serif/noto-sans-latin-700-normal.woff2`,
      `${FACE_ORIGIN}s0/%E0%A4/x.woff2`,
      `${FACE_ORIGIN}Noto%20Serif/noto-serif-latin-700-normal.woff2`,
    ])
      expect(faceFile(url), url).toBeUndefined();
  });

  it("draws just the page's own characters only where no word is shaped across two fonts", () => {
    expect([...(copyRange(LATIN_BOLD, new Set([0x141, 0xf3])) ?? [])]).toEqual([0x141, 0xf3]);
    // Combining marks are placed by the font that draws their base letter.
    expect(copyRange(LATIN_BOLD, new Set([0x65, 0x302]))).toBeUndefined();
    // Scripts that join or reorder letters: the whole face.
    expect(
      copyRange("Noto Sans|noto-sans-devanagari-400-normal.woff2", new Set([0x915])),
    ).toBeUndefined();
    expect(
      copyRange("Noto Sans Arabic|noto-sans-arabic-arabic-400-normal.woff2", new Set([0x645])),
    ).toBeUndefined();
  });

  it("is selected by stacks that put each copied family just before the family itself", () => {
    const { serif, sans } = slotStacks(2, new Set(["Noto Serif"]));
    expect(serif.startsWith('"s2 Noto Serif", "Noto Serif", "Noto Sans",')).toBe(true);
    expect(sans.startsWith('"Noto Sans", "s2 Noto Serif", "Noto Serif",')).toBe(true);
    expect(serif).not.toContain("s2 Noto Sans");
  });
});
