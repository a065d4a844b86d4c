/** Finds and reads the module catalog (modules/*.yaml) that programs refer to with `ref:`. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { type Catalog, EMPTY_CATALOG, mergeCatalog, parseCatalogFile } from "../core/catalog.js";
import type { Diagnostic } from "../core/diagnostics.js";
import { createValidator, type Validator } from "../core/validate.js";
import { readSchema } from "../paths.js";
import { readTextBoundedSync } from "./inputs.js";

export interface LoadedCatalog {
  catalog: Catalog;
  /** Findings in the catalog files themselves. */
  diagnostics: Diagnostic[];
  /** Catalog file texts, for code frames. */
  sources: Map<string, string>;
}

let catalogValidator: Validator | undefined;

/**
 * The catalog folders: those the configuration names, or else a `modules` folder in the working
 * folder or beside the folder of any program.
 */
export function catalogDirs(
  configured: string[] | undefined,
  programFiles: readonly string[],
  cwd: string,
): string[] {
  if (configured?.length) return configured;
  const candidates = [
    join(cwd, "modules"),
    ...programFiles.map((f) => join(dirname(resolve(cwd, f)), "..", "modules")),
  ];
  const found: string[] = [];
  for (const c of candidates) {
    const dir = resolve(c);
    if (!found.includes(dir) && existsSync(dir) && statSync(dir).isDirectory()) found.push(dir);
  }
  return found;
}

export function loadCatalog(dirs: readonly string[], cwd: string = process.cwd()): LoadedCatalog {
  if (dirs.length === 0) return { catalog: EMPTY_CATALOG, diagnostics: [], sources: new Map() };
  catalogValidator ??= createValidator(readSchema("modules.schema.json"), "modules");
  const parts: {
    file: string;
    text: string;
    entries: ReturnType<typeof parseCatalogFile>["entries"];
  }[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  for (const dir of dirs) {
    const files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => {
        const abs = join(dir, f);
        const rel = relative(cwd, abs);
        return rel.startsWith("..") ? abs : rel;
      });
    for (const file of files) {
      const text = readTextBoundedSync(file);
      sources.set(file, text);
      const parsed = parseCatalogFile(file, text, catalogValidator);
      diagnostics.push(...parsed.diagnostics);
      parts.push({ file, text, entries: parsed.entries });
    }
  }
  const merged = mergeCatalog(parts);
  return { catalog: merged.catalog, diagnostics: [...diagnostics, ...merged.diagnostics], sources };
}
