/** Compiler-style diagnostics: `file:line:col: severity: message [code]`, a code frame and a hint. Pure. */
import { Chalk, type ChalkInstance } from "chalk";
import type { Diagnostic } from "../core/diagnostics.js";

export { countBySeverity } from "../core/diagnostics.js";

export interface FormatOptions {
  color: boolean;
  /** Source texts by file, for code frames; a file without text gets no frame. */
  sources?: ReadonlyMap<string, string>;
  /** Lines of context above the line at fault. */
  context?: number;
}

const expandTabs = (s: string) => s.replaceAll("\t", "  ");

function codeFrame(text: string, d: Diagnostic, c: ChalkInstance, context: number): string {
  const lines = text.split(/\r?\n/);
  const { line, col } = d.range.start;
  if (line < 1 || line > lines.length) return "";
  const first = Math.max(1, line - context);
  const width = String(line).length;
  const out: string[] = [];
  for (let n = first; n <= line; n++) {
    const marker = n === line ? c.bold.red(">") : " ";
    out.push(
      `${marker} ${c.dim(`${String(n).padStart(width)} |`)} ${expandTabs(lines[n - 1] ?? "")}`,
    );
  }
  const source = lines[line - 1] ?? "";
  const before = expandTabs(source.slice(0, col - 1)).length;
  const sameLine = d.range.end.line === line;
  const endCol = sameLine ? d.range.end.col : source.length + 1;
  const span = Math.max(1, expandTabs(source.slice(col - 1, endCol - 1)).length);
  const caretColor = d.severity === "error" ? c.red : c.yellow;
  out.push(
    `  ${c.dim(`${" ".repeat(width)} |`)} ${" ".repeat(before)}${caretColor("^".repeat(span))}`,
  );
  return out.join("\n");
}

export function formatDiagnostic(d: Diagnostic, options: FormatOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sev =
    d.severity === "error"
      ? c.red.bold("error")
      : d.severity === "warning"
        ? c.yellow.bold("warning")
        : c.cyan.bold("info");
  const head = `${c.bold(`${d.file}:${d.range.start.line}:${d.range.start.col}`)}: ${sev}: ${d.message} ${c.dim(`[${d.code}]`)}`;
  const parts = [head];
  const text = options.sources?.get(d.file);
  if (text !== undefined) {
    const frame = codeFrame(text, d, c, options.context ?? 1);
    if (frame) parts.push(frame);
  }
  if (d.hint) parts.push(`  ${c.cyan("hint:")} ${d.hint.replaceAll("\n", "\n        ")}`);
  return parts.join("\n");
}

export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  options: FormatOptions,
): string {
  return diagnostics.map((d) => formatDiagnostic(d, options)).join("\n\n");
}

export const plural = (n: number, word: string, many = `${word}s`) =>
  `${n} ${n === 1 ? word : many}`;
