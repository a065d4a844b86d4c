/** Machine-readable check output. Pure. */
import { type CheckReport, summaryLine } from "./model.js";

export function formatJson(report: CheckReport): string {
  return JSON.stringify(
    {
      tool: report.tool,
      profile: report.settings.profile,
      date: report.settings.options.date,
      failOn: report.failOn,
      summary: { ...report.summary, text: summaryLine(report) },
      files: report.files.map((f) => ({
        file: f.file,
        program: f.programId ?? null,
        diagnostics: f.diagnostics.map((d) => ({
          rule: d.code,
          severity: d.severity,
          message: d.message,
          ...(d.hint ? { hint: d.hint } : {}),
          line: d.range.start.line,
          column: d.range.start.col,
          endLine: d.range.end.line,
          endColumn: d.range.end.col,
          ...(d.path ? { path: d.path } : {}),
        })),
      })),
    },
    null,
    2,
  );
}
