/**
 * The module catalog: modules defined once (modules/*.yaml) and referenced by programs with
 * `- ref: <id>`. References are resolved on the plain program before it is validated, so every
 * later step sees written-out modules; findings about a reference point at the reference.
 */
import type { Module } from "../types/program.gen.js";
import type { Diagnostic, Range } from "./diagnostics.js";
import { fastLoad, lazySource, locate, parseYamlSource, type SourceFile } from "./source.js";
import { closest } from "./suggest.js";
import type { Validator } from "./validate.js";

export interface CatalogEntry {
  module: Module & { hours: number };
  /** Where it is defined, for messages (line and range are found when first asked for). */
  file: string;
  readonly line: number;
  /** The range of its id. */
  readonly range: Range;
}

export interface Catalog {
  files: string[];
  modules: Map<string, CatalogEntry>;
}

export const EMPTY_CATALOG: Catalog = { files: [], modules: new Map() };

/** Reads one catalog file; invalid files contribute findings and no modules. */
export function parseCatalogFile(
  file: string,
  text: string,
  validate: Validator,
): { entries: CatalogEntry[]; diagnostics: Diagnostic[] } {
  // Well-formed YAML is read without positions; the positional parser (about 45 ms to load, and
  // slower to run) is used only for a file with unusual YAML or once a message needs a place.
  const fast = fastLoad(text);
  const parsed = fast
    ? { source: lazySource(file, text), value: fast.value, diagnostics: [] }
    : parseYamlSource(file, text);
  if (parsed.diagnostics.some((d) => d.severity === "error"))
    return { entries: [], diagnostics: parsed.diagnostics };
  const diagnostics = validate(parsed.value, parsed.source).map((d) => ({
    ...d,
    code: d.code.replace(/^schema\//, "catalog/"),
  }));
  if (diagnostics.length) return { entries: [], diagnostics };
  const modules = (parsed.value as { modules: (Module & { hours: number })[] }).modules;
  return {
    entries: modules.map((module, i) => {
      let range: Range | undefined;
      const idRange = () => {
        range ??= locate(parsed.source, ["modules", i, "id"]).range;
        return range;
      };
      return {
        module,
        file,
        get line() {
          return idRange().start.line;
        },
        get range() {
          return idRange();
        },
      };
    }),
    diagnostics: [],
  };
}

/** Merges catalog files; an id defined twice is an error at its second definition. */
export function mergeCatalog(parts: { file: string; text: string; entries: CatalogEntry[] }[]): {
  catalog: Catalog;
  diagnostics: Diagnostic[];
} {
  const modules = new Map<string, CatalogEntry>();
  const diagnostics: Diagnostic[] = [];
  for (const part of parts) {
    for (const entry of part.entries) {
      const first = modules.get(entry.module.id);
      if (!first) {
        modules.set(entry.module.id, entry);
        continue;
      }
      diagnostics.push({
        code: "catalog/duplicate-module",
        severity: "error",
        file: entry.file,
        range: entry.range,
        path: ["modules"],
        message: `module \`${entry.module.id}\` is already defined in ${first.file}:${first.line}`,
        hint: "A module is defined once in the catalog; remove or rename one of them.",
      });
    }
  }
  return { catalog: { files: parts.map((p) => p.file), modules }, diagnostics };
}

/**
 * Replaces every `{ref: id}` module of a plain program value with the catalog module, in place.
 * Returns findings for unknown ids and for references that also write out module fields.
 */
export function resolveReferences(
  value: unknown,
  source: SourceFile,
  catalog: Catalog,
): Diagnostic[] {
  const modules = (value as { modules?: unknown }).modules;
  if (!Array.isArray(modules)) return [];
  const out: Diagnostic[] = [];
  const ids = [...catalog.modules.keys()];
  modules.forEach((m, i) => {
    if (!m || typeof m !== "object" || !("ref" in m)) return;
    const { ref, ...rest } = m as { ref: unknown } & Record<string, unknown>;
    if (typeof ref !== "string") return; // the schema reports it
    const written = Object.keys(rest);
    if (written.length) {
      out.push({
        code: "catalog/reference",
        severity: "error",
        file: source.file,
        range: locate(source, ["modules", i, written[0] as string], { key: true }).range,
        path: ["modules", i, written[0] as string],
        message: `module ${i + 1} refers to \`${ref}\` and also writes out ${written.map((k) => `\`${k}\``).join(", ")}`,
        hint: "A reference takes id, title, hours and outcomes from the catalog: remove the other fields, or write the module out without `ref:`.",
      });
      return;
    }
    const entry = catalog.modules.get(ref);
    if (!entry) {
      const guess = closest(ref, ids);
      out.push({
        code: "catalog/unknown-module",
        severity: "error",
        file: source.file,
        range: locate(source, ["modules", i, "ref"]).range,
        path: ["modules", i, "ref"],
        message: `no module \`${ref}\` in the module catalog`,
        hint: guess
          ? `Did you mean \`${guess}\`?`
          : catalog.files.length
            ? `The catalog (${catalog.files.length} file(s)) defines: ${ids.slice(0, 12).join(", ")}${ids.length > 12 ? ", …" : ""}.`
            : "No module catalog was found: define shared modules in modules/*.yaml, or set `catalog:` in supplement.config.yaml.",
      });
      return;
    }
    modules[i] = { ...entry.module };
  });
  return out;
}
