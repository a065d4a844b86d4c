// Bundles the command line and the analysis worker (dist/bundle/cli.js, analyze-worker.js):
// Node's ES module loader costs about 100 ms for the ~40 modules they are made of, a third of
// the command's start-up. Dependencies stay in node_modules; what a command loads lazily
// (the renderer) becomes a separate chunk, loaded only by the commands that print.
import { rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist/bundle", { recursive: true, force: true });
await build({
  entryPoints: ["src/cli.ts", "src/analyze-worker.ts"],
  outdir: "dist/bundle",
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("bundled: dist/bundle/cli.js, dist/bundle/analyze-worker.js");
