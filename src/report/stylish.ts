/** The default check output: findings grouped by file, aligned, coloured when asked. Pure. */
import { Chalk } from "chalk";
import { atOrAbove } from "../core/diagnostics.js";
import { type CheckReport, summaryLine } from "./model.js";

export function formatStylish(
  report: CheckReport,
  options: { color: boolean; quiet?: boolean },
): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  for (const f of report.files) {
    const shown = options.quiet
      ? f.diagnostics.filter((d) => atOrAbove(d.severity, report.failOn))
      : f.diagnostics;
    if (shown.length === 0) continue;
    out.push(c.underline(f.file) + (f.programId ? c.dim(`  (${f.programId})`) : ""));
    const posWidth = Math.max(
      ...shown.map((d) => `${d.range.start.line}:${d.range.start.col}`.length),
    );
    for (const d of shown) {
      const pos = `${d.range.start.line}:${d.range.start.col}`.padEnd(posWidth);
      const sev =
        d.severity === "error"
          ? c.red("error  ")
          : d.severity === "warning"
            ? c.yellow("warning")
            : c.cyan("info   ");
      out.push(`  ${c.dim(pos)}  ${sev}  ${d.message}  ${c.dim(d.code)}`);
      if (d.hint)
        out.push(
          `  ${" ".repeat(posWidth)}           ${c.dim(`hint: ${d.hint.replaceAll("\n", " ")}`)}`,
        );
    }
    out.push("");
  }
  const s = report.summary;
  const mark =
    s.errors > 0 ? c.red.bold("✖") : s.warnings > 0 ? c.yellow.bold("⚠") : c.green.bold("✔");
  out.push(`${mark} ${summaryLine(report)}`);
  return out.join("\n");
}
