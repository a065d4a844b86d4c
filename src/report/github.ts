/** GitHub Actions workflow commands: one annotation per finding, on the file and line. Pure. */
import { type CheckReport, summaryLine } from "./model.js";

const escapeData = (s: string) =>
  s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function formatGithub(report: CheckReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      const command =
        d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.range.start.line}`,
        `col=${d.range.start.col}`,
        `endLine=${d.range.end.line}`,
        `endColumn=${d.range.end.col}`,
        `title=${escapeProperty(d.code)}`,
      ].join(",");
      out.push(
        `::${command} ${props}::${escapeData(d.hint ? `${d.message}\n${d.hint}` : d.message)}`,
      );
    }
  }
  out.push(summaryLine(report));
  return out.join("\n");
}
