/** What the check formatters receive: everything needed to print a run, nothing to compute. */

import type { Diagnostic, Severity } from "../core/diagnostics.js";
import type { RuleInfo, RuleSettings } from "../core/rules/index.js";
import type { SetSummary } from "../services/analyze.js";

export interface ReportFile {
  file: string;
  programId: string | undefined;
  diagnostics: Diagnostic[];
}

export interface CheckReport {
  tool: { name: string; version: string };
  files: ReportFile[];
  summary: SetSummary;
  settings: RuleSettings;
  /** Rules that ran, with their effective severity. */
  rules: (RuleInfo & { effective: Severity })[];
  failOn: Severity | "none";
}

export function summaryLine(report: CheckReport): string {
  const s = report.summary;
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  return `${n(s.files, "file")}, ${n(s.programs, "program")} checked (${report.settings.profile}, ${report.settings.options.date}): ${n(s.errors, "error")}, ${n(s.warnings, "warning")}, ${n(s.infos, "info")}`;
}
