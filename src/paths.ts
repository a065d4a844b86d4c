/** Locations inside the installed package: the same from src/ under vitest, dist/ and the bundle. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of supplement's own package.json, found upward from this module. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "supplement"
    ) {
      return `${dir}/`;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("supplement: cannot find its own package.json");
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const SCHEMAS_DIR = `${PACKAGE_ROOT}schemas/`;
export const TEMPLATES_DIR = `${PACKAGE_ROOT}templates/`;
export const DEFAULT_TEMPLATE_DIR = `${TEMPLATES_DIR}default/`;
/** The bundled analysis worker (built by `npm run build`). */
export const ANALYZE_WORKER = `${PACKAGE_ROOT}dist/bundle/analyze-worker.js`;

export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${SCHEMAS_DIR}${name}`, "utf8")) as Record<string, unknown>;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, "utf8")) as { version: string })
    .version;
}
