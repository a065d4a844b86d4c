/**
 * Fonts shipped in npm packages (@fontsource), inlined as data: URIs so the page loads nothing
 * from outside and the HTML preview is self-contained. Built once per process.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** family → @fontsource package; the faces each document uses. */
const FACES: { pkg: string; files: string[] }[] = [
  { pkg: "@fontsource/noto-serif", files: ["400.css", "400-italic.css", "700.css"] },
  { pkg: "@fontsource/noto-sans", files: ["400.css", "600.css", "700.css"] },
];

let cached: string | undefined;

/** @font-face rules for Noto Serif and Noto Sans (Latin, Latin-ext, Greek, Cyrillic, Vietnamese). */
export function embeddedFontCss(): string {
  if (cached !== undefined) return cached;
  const parts: string[] = [];
  for (const { pkg, files } of FACES) {
    const dir = dirname(require.resolve(`${pkg}/package.json`));
    for (const file of files) {
      const css = readFileSync(join(dir, file), "utf8");
      parts.push(
        css
          // Keep only the woff2 source, inlined.
          .replace(
            /src:\s*url\(\.\/files\/([^)]+\.woff2)\)\s*format\('woff2'\)\s*,\s*url\([^)]+\)\s*format\('woff'\)/g,
            (_m, name: string) => {
              const data = readFileSync(join(dir, "files", name)).toString("base64");
              return `src: url(data:font/woff2;base64,${data}) format('woff2')`;
            },
          )
          .replace(/\/\*[^*]*\*\//g, "")
          .replaceAll("font-display: swap", "font-display: block"),
      );
    }
  }
  cached = parts.join("\n");
  if (/url\(\.\//.test(cached)) throw new Error("font CSS still refers to external files");
  return cached;
}
