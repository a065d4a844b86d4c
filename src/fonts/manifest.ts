/**
 * The fonts supplements are printed with: Noto families from @fontsource npm packages, never
 * from the network or the machine. The order is the fallback order: for each character the first
 * family that has a glyph for it draws it. The two primary families come first (headings and body
 * in serif, labels and tables in sans); then one family per further script; emoji last.
 *
 * `npm run build` reads every face's WOFF2 file and records the characters it really has glyphs
 * for (scripts/gen-fonts.mjs → dist/fonts/fonts.json): the check for missing glyphs and the
 * choice of the faces a document needs both use that.
 */
export interface FamilySpec {
  family: string;
  /** The @fontsource package. */
  pkg: string;
  /** Its CSS files, one per weight and style used. */
  css: string[];
  /** What it is there for, in words (for `doctor` and the README). */
  scripts: string;
}

export const FAMILIES: FamilySpec[] = [
  {
    family: "Noto Serif",
    pkg: "@fontsource/noto-serif",
    css: ["400.css", "400-italic.css", "700.css"],
    scripts: "Latin (with Vietnamese), Greek, Cyrillic",
  },
  {
    family: "Noto Sans",
    pkg: "@fontsource/noto-sans",
    css: ["400.css", "600.css", "700.css"],
    scripts: "Latin (with Vietnamese), Greek, Cyrillic, Devanagari",
  },
  {
    family: "Noto Sans Arabic",
    pkg: "@fontsource/noto-sans-arabic",
    css: ["400.css", "700.css"],
    scripts: "Arabic",
  },
  {
    family: "Noto Sans Hebrew",
    pkg: "@fontsource/noto-sans-hebrew",
    css: ["400.css", "700.css"],
    scripts: "Hebrew",
  },
  {
    family: "Noto Sans Bengali",
    pkg: "@fontsource/noto-sans-bengali",
    css: ["400.css", "700.css"],
    scripts: "Bengali",
  },
  {
    family: "Noto Sans Tamil",
    pkg: "@fontsource/noto-sans-tamil",
    css: ["400.css", "700.css"],
    scripts: "Tamil",
  },
  {
    family: "Noto Sans Thai",
    pkg: "@fontsource/noto-sans-thai",
    css: ["400.css", "700.css"],
    scripts: "Thai",
  },
  {
    family: "Noto Sans Georgian",
    pkg: "@fontsource/noto-sans-georgian",
    css: ["400.css", "700.css"],
    scripts: "Georgian",
  },
  {
    family: "Noto Sans Armenian",
    pkg: "@fontsource/noto-sans-armenian",
    css: ["400.css", "700.css"],
    scripts: "Armenian",
  },
  {
    family: "Noto Sans SC",
    pkg: "@fontsource/noto-sans-sc",
    css: ["400.css", "700.css"],
    scripts: "Chinese (simplified), with kana",
  },
  {
    family: "Noto Sans TC",
    pkg: "@fontsource/noto-sans-tc",
    css: ["400.css", "700.css"],
    scripts: "Chinese (traditional)",
  },
  {
    family: "Noto Sans JP",
    pkg: "@fontsource/noto-sans-jp",
    css: ["400.css", "700.css"],
    scripts: "Japanese",
  },
  {
    family: "Noto Sans KR",
    pkg: "@fontsource/noto-sans-kr",
    css: ["400.css", "700.css"],
    scripts: "Korean",
  },
  {
    family: "Noto Emoji",
    pkg: "@fontsource/noto-emoji",
    css: ["400.css", "700.css"],
    scripts: "emoji (monochrome outlines, which print and copy as text)",
  },
];

/** The two families a template names first; every other family follows them as a fallback. */
export const PRIMARY = ["Noto Serif", "Noto Sans"] as const;
