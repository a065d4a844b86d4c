/**
 * The shipped fonts at run time: which characters they can draw, the fallback stacks templates
 * use, and the @font-face rules a document needs, inlined as data: URIs so that the page loads
 * nothing. A document carries only the faces its characters need: a Latin-only supplement gets
 * a few Latin subsets; a name in Chinese adds the one or two slices of Noto Sans SC that hold its
 * characters. Data comes from dist/fonts/*.json (scripts/gen-fonts.mjs, run by `npm run build`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { contains, merge, type Ranges } from "../core/ranges.js";
import { PACKAGE_ROOT } from "../paths.js";
import { FAMILIES, PRIMARY } from "./manifest.js";

const require = createRequire(import.meta.url);

interface FaceData {
  weight: number;
  style: "normal" | "italic";
  file: string;
  range: Ranges;
}
interface FamilyData {
  family: string;
  pkg: string;
  faces: FaceData[];
  cover: Ranges;
}

function readData<T>(name: string): T {
  const path = join(PACKAGE_ROOT, "dist", "fonts", name);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw new Error(
      `${path} is missing or unreadable: run \`npm run build\` (${(e as Error).message})`,
    );
  }
}

let coverage: Ranges | undefined;
/** Every character some shipped font has a glyph for. */
export function fontCoverage(): Ranges {
  coverage ??= readData<{ coverage: Ranges }>("coverage.json").coverage;
  return coverage;
}

let families: FamilyData[] | undefined;
function familyData(): FamilyData[] {
  families ??= readData<{ families: FamilyData[] }>("faces.json").families;
  return families;
}

const quote = (family: string) => `"${family}"`;

/**
 * CSS custom properties with the two fallback stacks: --font-serif (Noto Serif first) and
 * --font-sans (Noto Sans first), each followed by the other primary and every script family.
 */
export function fontStackCss(): string {
  const others = FAMILIES.map((f) => f.family).filter(
    (f) => !(PRIMARY as readonly string[]).includes(f),
  );
  const [serif, sans] = PRIMARY;
  return `:root {\n  --font-serif: ${[serif, sans, ...others].map(quote).join(", ")};\n  --font-sans: ${[sans, serif, ...others].map(quote).join(", ")};\n}`;
}

/** A face, identified for de-duplication: "family|file". */
export type FaceKey = string;

const chosenByCp = new Map<number, FaceKey[]>();

/**
 * The faces that draw one character, as Chromium will pick them: the primary families' faces
 * whose unicode-range holds it, when a primary family has the glyph; otherwise the faces of the
 * first further family that has it. None when no font has it (see missing glyphs).
 */
function facesFor(cp: number): FaceKey[] {
  let keys = chosenByCp.get(cp);
  if (keys) return keys;
  keys = [];
  const data = familyData();
  const primaries = data.filter((f) => (PRIMARY as readonly string[]).includes(f.family));
  const pick = (f: FamilyData) => {
    for (const face of f.faces)
      if (contains(face.range, cp)) keys?.push(`${f.family}|${face.file}`);
  };
  if (primaries.some((f) => contains(f.cover, cp))) primaries.forEach(pick);
  else {
    const other = data.find(
      (f) => !(PRIMARY as readonly string[]).includes(f.family) && contains(f.cover, cp),
    );
    if (other) pick(other);
  }
  chosenByCp.set(cp, keys);
  return keys;
}

/** For each face these characters need, the characters it draws. */
export function charsByFace(codePoints: Iterable<number>): Map<FaceKey, Set<number>> {
  const out = new Map<FaceKey, Set<number>>();
  for (const cp of codePoints)
    for (const key of facesFor(cp)) {
      let chars = out.get(key);
      if (!chars) {
        chars = new Set();
        out.set(key, chars);
      }
      chars.add(cp);
    }
  return out;
}

/** The faces needed to draw these characters. */
export function facesForText(codePoints: Iterable<number>): Set<FaceKey> {
  const out = new Set<FaceKey>();
  for (const cp of codePoints) for (const key of facesFor(cp)) out.add(key);
  return out;
}

const cssByKey = new Map<FaceKey, string>();
const bytesByPath = new Map<string, Buffer>();

interface ShippedFace {
  family: FamilyData;
  face: FaceData;
  path: string;
}

/**
 * Shipped faces found so far, by "family|file". `issue` looks a face up for every copy of it in
 * every batch (see slotFaceCss), and require.resolve is slow enough to show in its profile.
 */
const shippedByKey = new Map<string, ShippedFace>();

/** A shipped face by family and file name, with the path of its WOFF2 file; none if not shipped. */
function shippedFace(familyName: string, file: string): ShippedFace | undefined {
  const key = `${familyName}|${file}`;
  const known = shippedByKey.get(key);
  if (known) return known;
  const family = familyData().find((f) => f.family === familyName);
  const face = family?.faces.find((f) => f.file === file);
  if (!family || !face) return undefined;
  const found = {
    family,
    face,
    path: join(dirname(require.resolve(`${family.pkg}/package.json`)), "files", file),
  };
  shippedByKey.set(key, found);
  return found;
}

/** A face by its key ("family|file"); an unknown key is a bug. */
function faceOf(key: FaceKey): ShippedFace {
  const [familyName, file] = key.split("|") as [string, string];
  const found = shippedFace(familyName, file);
  if (!found) throw new Error(`unknown font face ${key}`);
  return found;
}

/** A WOFF2 file's bytes, read once. */
function fileBytes(path: string): Buffer {
  let data = bytesByPath.get(path);
  if (!data) {
    data = readFileSync(path);
    bytesByPath.set(path, data);
  }
  return data;
}

function rangeCss(ranges: Ranges): string {
  return ranges
    .map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`))
    .join(",");
}

/** One @font-face rule, its WOFF2 file inlined. */
function faceCss(key: FaceKey): string {
  let css = cssByKey.get(key);
  if (css) return css;
  const { family, face, path } = faceOf(key);
  const data = fileBytes(path).toString("base64");
  css =
    `@font-face{font-family:${quote(family.family)};font-style:${face.style};font-weight:${face.weight};` +
    `font-display:block;src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${rangeCss(face.range)}}`;
  cssByKey.set(key, css);
  return css;
}

/**
 * Where a learner's own copies of faces in a printed batch are loaded from. A batch of personal
 * pages is one document, and Chromium writes one subset per font per document: a face shared by
 * the pages would carry into every learner's file the glyphs (and their Unicode mapping) of the
 * other names in the batch. A page that needs it therefore draws with its own copy of a face,
 * under a family name and a URL of its own (a different URL is a different font to Chromium). The
 * renderer answers these URLs from the font packages (see faceFile); nothing is loaded from the
 * network.
 */
export const FACE_ORIGIN = "https://fonts.supplement.invalid/";

const slotFamily = (family: string, slot: number) => `s${slot} ${family}`;

/**
 * The two stacks for page `slot` of a batch, which has its own copies of faces of `copied`
 * families: each family's copies just before the family itself, so that every character is drawn
 * with the same face as on any other page, either the page's own copy of it or the shared one.
 * (Only families with copies are named: Chromium looks every name of a stack up.)
 */
export function slotStacks(
  slot: number,
  copied: ReadonlySet<string>,
): { serif: string; sans: string } {
  const others = FAMILIES.map((f) => f.family).filter(
    (f) => !(PRIMARY as readonly string[]).includes(f),
  );
  const [serif, sans] = PRIMARY;
  const stack = (order: string[]) =>
    order
      .flatMap((f) => (copied.has(f) ? [quote(slotFamily(f, slot)), quote(f)] : [quote(f)]))
      .join(", ");
  return { serif: stack([serif, sans, ...others]), sans: stack([sans, serif, ...others]) };
}

/** Slices of the primary families whose scripts need no shaping across characters. */
const SIMPLE_SLICE = /-(latin|latin-ext|greek|greek-ext|cyrillic|cyrillic-ext|vietnamese)-\d/;

/**
 * The characters a page's own copy of a face must draw: `own`, the page's characters that no
 * other page of its batch prints with the face, when they can be drawn apart from the text around
 * them (letters of the simple scripts, no combining marks: at worst a kerning pair is lost); else
 * every character of the face, so that no word is shaped across two fonts.
 */
export function copyRange(key: FaceKey, own: ReadonlySet<number>): ReadonlySet<number> | undefined {
  const [familyName, file] = key.split("|") as [string, string];
  if (!(PRIMARY as readonly string[]).includes(familyName) || !SIMPLE_SLICE.test(file))
    return undefined;
  for (const cp of own) if (/\p{M}/u.test(String.fromCodePoint(cp))) return undefined;
  return own;
}

/**
 * An @font-face rule for page `slot`'s own copy of a face: for the characters `only` (see
 * copyRange), or for all the face's characters.
 */
export function slotFaceCss(key: FaceKey, slot: number, only?: ReadonlySet<number>): string {
  const { family, face } = faceOf(key);
  const url = `${FACE_ORIGIN}s${slot}/${encodeURIComponent(family.family)}/${face.file}`;
  return (
    `@font-face{font-family:${quote(slotFamily(family.family, slot))};font-style:${face.style};font-weight:${face.weight};` +
    `font-display:block;src:url(${url}) format('woff2');unicode-range:${rangeCss(only ? merge([...only].map((cp): [number, number] => [cp, cp])) : face.range)}}`
  );
}

/** The WOFF2 file a FACE_ORIGIN URL names, or undefined for any other URL (or a face not shipped). */
export function faceFile(url: string): Buffer | undefined {
  if (!url.startsWith(FACE_ORIGIN)) return undefined;
  const m = /^s\d{1,4}\/([^/]+)\/([^/]+)$/.exec(url.slice(FACE_ORIGIN.length));
  if (!m) return undefined;
  let familyName: string;
  try {
    familyName = decodeURIComponent(m[1] as string);
  } catch {
    return undefined;
  }
  const found = shippedFace(familyName, m[2] as string);
  return found && fileBytes(found.path);
}

/** The @font-face rules for a set of faces, in a stable order (the same faces give the same CSS). */
export function fontFaceCss(keys: Iterable<FaceKey>): string {
  return [...keys].sort().map(faceCss).join("\n");
}

/** The code points of a text (each once). */
export function codePointsOf(text: string, into: Set<number> = new Set()): Set<number> {
  for (const ch of text) into.add(ch.codePointAt(0) as number);
  return into;
}

/** The stacks and every face the characters of `text` need: for a standalone page (the audit). */
export function fontCssForText(text: string): string {
  return `${fontStackCss()}\n${fontFaceCss(facesForText(codePointsOf(text)))}`;
}
