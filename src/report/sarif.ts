/** SARIF 2.1.0 log, for code-scanning dashboards. Pure. */
import type { Severity } from "../core/diagnostics.js";
import type { CheckReport } from "./model.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  info: "note",
};

export function formatSarif(report: CheckReport): string {
  const structural = new Set(
    report.files
      .flatMap((f) => f.diagnostics.map((d) => d.code))
      .filter((c) => /^(yaml|schema|config)\//.test(c)),
  );
  const rules = [
    ...report.rules.map((r) => ({
      id: r.id,
      shortDescription: { text: r.description },
      fullDescription: { text: r.explanation },
      help: { text: `${r.explanation} (docs/rules.md)` },
      defaultConfiguration: { level: LEVEL[r.effective] },
    })),
    ...[...structural].sort().map((id) => ({
      id,
      shortDescription: {
        text: id.startsWith("yaml/")
          ? "The file is well-formed YAML."
          : "The program follows schemas/program.schema.json.",
      },
      defaultConfiguration: { level: "error" as const },
    })),
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const artifacts = report.files.map((f) => ({ location: { uri: toUri(f.file) } }));
  const results = report.files.flatMap((f, fileIndex) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: index.get(d.code) ?? -1,
      level: LEVEL[d.severity],
      message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(d.file), index: fileIndex },
            region: {
              startLine: d.range.start.line,
              startColumn: d.range.start.col,
              endLine: d.range.end.line,
              endColumn: Math.max(
                d.range.end.col,
                d.range.start.col + (d.range.end.line === d.range.start.line ? 1 : 0),
              ),
            },
          },
        },
      ],
    })),
  );
  return JSON.stringify(
    {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: report.tool.name, version: report.tool.version, rules } },
          artifacts,
          results: results.map((r) => (r.ruleIndex < 0 ? { ...r, ruleIndex: undefined } : r)),
          properties: { profile: report.settings.profile, date: report.settings.options.date },
        },
      ],
    },
    null,
    2,
  );
}

/** Relative paths stay relative (SARIF resolves them against the repository); backslashes become slashes. */
function toUri(file: string): string {
  return encodeURI(file.replaceAll("\\", "/"));
}
