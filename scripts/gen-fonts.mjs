// Reads every font face of src/fonts/manifest.ts from its @fontsource package and writes, for the
// renderer and the glyph check:
//   dist/fonts/faces.json     each family's faces: weight, style, file, unicode-range; and the
//                             characters the family really has glyphs for;
//   dist/fonts/coverage.json  the characters some shipped font can draw (all families together).
// A face's unicode-range says what the subset is meant for; its cmap says what it has. Both count:
// Chromium uses a face for a character only inside its unicode-range, and draws a box where the
// face has no glyph.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(join(root, "package.json"));
const lib = (p) => import(pathToFileURL(join(root, "dist", p)).href);
const { FAMILIES } = await lib("fonts/manifest.js");
const { woff2Coverage, parseUnicodeRange, intersect, union } = await lib("fonts/woff2.js");

const started = performance.now();
const families = [];
let faceCount = 0;
for (const spec of FAMILIES) {
  const dir = dirname(require.resolve(`${spec.pkg}/package.json`));
  const faces = [];
  const covers = [];
  for (const cssFile of spec.css) {
    const css = readFileSync(join(dir, cssFile), "utf8");
    for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
      const weight = Number(/font-weight:\s*(\d+)/.exec(block)?.[1] ?? 400);
      const style = /font-style:\s*italic/.test(block) ? "italic" : "normal";
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1]?.trim() ?? "U+0-10FFFF";
      if (!file) throw new Error(`${spec.pkg}/${cssFile}: a face without a woff2 file`);
      const ranges = parseUnicodeRange(range);
      // What the family can draw is read from its regular faces; bolder ones have the same glyphs.
      if (weight === 400 && style === "normal")
        covers.push(intersect(ranges, woff2Coverage(readFileSync(join(dir, "files", file)))));
      faces.push({ weight, style, file, range: ranges });
      faceCount++;
    }
  }
  families.push({ family: spec.family, pkg: spec.pkg, faces, cover: union(...covers) });
}
const coverage = union(...families.map((f) => f.cover));
const out = join(root, "dist", "fonts");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "faces.json"), JSON.stringify({ families }));
writeFileSync(join(out, "coverage.json"), JSON.stringify({ coverage }));
const chars = coverage.reduce((n, [a, b]) => n + b - a + 1, 0);
console.log(
  `fonts: ${families.length} families, ${faceCount} faces, ${chars} characters with glyphs → dist/fonts/{faces,coverage}.json (${Math.round(performance.now() - started)} ms)`,
);
