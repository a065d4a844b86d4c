/** Finds and reads the module catalog (modules/*.yaml) that programs refer to with `ref:`. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { type Catalog, EMPTY_CATALOG, mergeCatalog, parseCatalogFile } from "../core/catalog.js";
import type { Diagnostic } from "../core/diagnostics.js";
import { createValidator, type Validator } from "../core/validate.js";
import { readSchema } from "../paths.js";
import { CONFIG_FILE_NAMES } from "./config.js";
import { readTextBoundedSync } from "./inputs.js";

export interface LoadedCatalog {
  catalog: Catalog;
  /** Findings in the catalog files themselves. */
  diagnostics: Diagnostic[];
  /** Catalog file texts, for code frames. */
  sources: Map<string, string>;
}

let catalogValidator: Validator | undefined;

/** Whether `dir` is where a project's tree ends: it holds the configuration or a repository. */
function isProjectRoot(dir: string): boolean {
  return [...CONFIG_FILE_NAMES, ".git"].some((name) => existsSync(join(dir, name)));
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Walks up from a program's folder to the file system's root, and returns the first value `visit`
 * gives (undefined to go on; `stop` to end the walk with nothing).
 */
function walkUp<T>(
  programFile: string,
  cwd: string,
  visit: (dir: string) => T | undefined | typeof stop,
): T | undefined {
  let dir = dirname(resolve(cwd, programFile));
  for (;;) {
    const found = visit(dir);
    if (found === stop) return undefined;
    if (found !== undefined) return found;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
const stop = Symbol("stop");

/** The folder that holds the program's supplement.config.yaml or `.git`, walking up; none if neither. */
export function projectRootOf(
  programFile: string,
  cwd: string = process.cwd(),
): string | undefined {
  return walkUp(programFile, cwd, (dir) => (isProjectRoot(dir) ? dir : undefined));
}

/**
 * The catalog folder of one program: the nearest `modules/` folder found by walking up from the
 * program's own folder. The walk ends at the folder that holds supplement.config.yaml or `.git`
 * (after looking there), so a program never reads the catalog of an unrelated project above it.
 */
export function nearestCatalogDir(
  programFile: string,
  cwd: string = process.cwd(),
): string | undefined {
  return walkUp(programFile, cwd, (dir) => {
    const candidate = join(dir, "modules");
    if (isDir(candidate)) return candidate;
    return isProjectRoot(dir) ? stop : undefined;
  });
}

/**
 * The catalog folders of each program: those the configuration names (for every program), or
 * else each program's nearest `modules/` folder. Programs that share folders share one entry.
 */
export function catalogDirs(
  configured: string[] | undefined,
  programFiles: readonly string[],
  cwd: string,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const near = byFolder(nearestCatalogDir, cwd);
  for (const file of programFiles) {
    const dir = configured?.length ? undefined : near(file);
    out.set(file, configured?.length ? configured : dir ? [dir] : []);
  }
  return out;
}

/**
 * A lookup that walks up from a program's folder, done once per folder in a run: a thousand
 * programs in one folder cost one walk, not a thousand.
 */
function byFolder(
  lookup: (programFile: string, cwd: string) => string | undefined,
  cwd: string,
): (programFile: string) => string | undefined {
  const found = new Map<string, string | undefined>();
  return (programFile) => {
    const folder = dirname(resolve(cwd, programFile));
    if (!found.has(folder)) found.set(folder, lookup(programFile, cwd));
    return found.get(folder);
  };
}

export interface RunCatalogs {
  /** Each program file's catalog. */
  catalogs: Map<string, Catalog>;
  /**
   * Each program file's project, a key: programs of one project form a portfolio (portfolio
   * rules compare them); programs of different projects checked in one run do not.
   */
  projects: Map<string, string>;
  /** Findings in the catalog files themselves (each file once). */
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

/** Loads each distinct set of catalog folders once and gives every program its own catalog. */
export function loadCatalogs(
  dirsByFile: ReadonlyMap<string, readonly string[]>,
  cwd: string = process.cwd(),
): RunCatalogs {
  const bySet = new Map<string, LoadedCatalog>();
  const catalogs = new Map<string, Catalog>();
  const projects = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const rootOf = byFolder(projectRootOf, cwd);
  for (const [file, dirs] of dirsByFile) {
    projects.set(file, rootOf(file) ?? dirs.map((d) => resolve(d)).join("\0"));
    const key = dirs.map((d) => resolve(d)).join("\0");
    let loaded = bySet.get(key);
    if (!loaded) {
      loaded = loadCatalog(dirs, cwd);
      bySet.set(key, loaded);
      diagnostics.push(...loaded.diagnostics);
      for (const [f, t] of loaded.sources) sources.set(f, t);
    }
    catalogs.set(file, loaded.catalog);
  }
  return { catalogs, projects, diagnostics, sources };
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
