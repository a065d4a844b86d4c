/** Findings about a program's content, with a position in its source file. */

export type Severity = "error" | "warning" | "info";

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** 0-based character offset into the source text. */
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  /** Stable id: `yaml/...` for syntax, `schema/...` for the schema, `<profile>/...` for rules. */
  code: string;
  severity: Severity;
  /** Path of the file, as the user named it. */
  file: string;
  range: Range;
  /** What was found and what was expected. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** Path of the value in the program, e.g. ["modules", 3, "hours"]. */
  path?: (string | number)[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts by file, then position, then severity, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.range.start.offset - b.range.start.offset ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.code.localeCompare(b.code),
  );
}
