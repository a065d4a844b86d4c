/**
 * `export`: each program's machine-readable twins (ELM Qualification, OB3 Achievement), written
 * as files and checked against the official definitions. Same YAML, same bytes.
 */
import { basename, extname, join } from "node:path";
import type { Diagnostic } from "../core/diagnostics.js";
import type { ProgramAnalysis } from "../core/program.js";
import { programTwins, type TwinKind, twinSourceOf } from "../core/twins/index.js";
import { SupplementError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { ensureWritableDir } from "../io/fs.js";
import { twinFormat, type Violation, validateTwin } from "../standards/index.js";
import { type AnalyzeSetOptions, analyzeFiles } from "./analyze.js";

export interface ExportOptions
  extends Pick<AnalyzeSetOptions, "policy" | "settings" | "catalogs" | "projects"> {
  outDir: string;
  kinds: readonly TwinKind[];
  /** The language of single-language output (OB3); the program's own by default. */
  lang?: string;
  /** Check each twin against the EU shapes / OB3 schema (default true). */
  validate?: boolean;
}

export interface ExportedTwin {
  path: string;
  kind: TwinKind;
  violations: Violation[];
}

export interface ExportItem {
  file: string;
  ok: boolean;
  diagnostics: Diagnostic[];
  twins: ExportedTwin[];
}

export interface ExportHooks {
  onAnalysed?(analysis: ProgramAnalysis): void;
  onWritten?(path: string): void;
}

export async function exportTwins(
  files: readonly string[],
  options: ExportOptions,
  hooks: ExportHooks = {},
): Promise<ExportItem[]> {
  const bases = new Map<string, string>();
  for (const f of files) {
    const base = basename(f, extname(f));
    const other = bases.get(base);
    if (other)
      throw new SupplementError("USAGE", {
        message: `${other} and ${f} would both write ${join(options.outDir, `${base}.*`)}. Export them into different folders with -o.`,
      });
    bases.set(base, f);
  }
  const { analyses } = await analyzeFiles(files, {
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.catalogs ? { catalogs: options.catalogs } : {}),
    ...(options.projects ? { projects: options.projects } : {}),
  });
  const items: ExportItem[] = [];
  for (const analysis of analyses) {
    hooks.onAnalysed?.(analysis);
    const item: ExportItem = {
      file: analysis.file,
      ok: analysis.ok,
      diagnostics: analysis.diagnostics,
      twins: [],
    };
    items.push(item);
    const source = analysis.ok ? twinSourceOf(analysis, options.lang) : undefined;
    if (!source) continue;
    ensureWritableDir(options.outDir);
    for (const twin of programTwins(
      source,
      basename(analysis.file, extname(analysis.file)),
      options.kinds,
    )) {
      const violations =
        options.validate === false
          ? []
          : await validateTwin(
              JSON.parse(twin.text),
              twinFormat(JSON.parse(twin.text)) ?? twin.kind,
            );
      const path = join(options.outDir, twin.name);
      await writeFileAtomic(path, twin.text);
      hooks.onWritten?.(path);
      item.twins.push({ path, kind: twin.kind, violations });
    }
  }
  return items;
}
