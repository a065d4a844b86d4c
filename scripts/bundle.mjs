// Bundles the command line and the analysis worker (dist/bundle/cli.js, analyze-worker.js):
// Node's ES module loader costs about 100 ms for the ~40 modules they are made of, a third of
// the command's start-up. What a command loads lazily (the renderer) becomes a separate chunk,
// loaded only by the commands that print.
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

// Bundled too: small dependencies every command needs, and those made of many small files that a
// printing command loads: pdf-lib is 137 CommonJS files (about 200 ms for Node's loader, 50 ms
// bundled), yaml 72 and handlebars 34. The rest stay in node_modules.
const BUNDLED = new Set(["commander", "chalk", "js-yaml", "pdf-lib", "yaml", "handlebars"]);
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const external = Object.keys(pkg.dependencies)
  .filter((d) => !BUNDLED.has(d))
  .flatMap((d) => [d, `${d}/*`]);

rmSync("dist/bundle", { recursive: true, force: true });
await build({
  entryPoints: ["src/cli.ts", "src/services/analyze-worker.ts"],
  outdir: "dist/bundle",
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  external,
  // pdf-lib's ES modules rather than its CommonJS: esbuild keeps only what is used.
  alias: { "pdf-lib": "pdf-lib/es/index.js" },
  // Bundled CommonJS (commander) calls require() for Node's built-in modules.
  banner: {
    js: 'import { createRequire as __supplementRequire } from "node:module"; const require = __supplementRequire(import.meta.url);',
  },
  sourcemap: true,
  logLevel: "warning",
});
console.log("bundled: dist/bundle/cli.js, dist/bundle/analyze-worker.js");
