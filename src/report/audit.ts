/** Audit output for the terminal (table), Markdown, CSV and JSON. Pure. */
import { describeOverlap, type OverlapCell, type PortfolioAudit } from "../core/audit.js";
import type { Diagnostic } from "../core/diagnostics.js";
import { formatNumber as n } from "../core/ects.js";

type Cell = string | number;
const ROUNDING: Record<string, string> = {
  floor: "floor",
  "half-up": "half-up",
  "half-credits": "half credits",
};

/** Aligns rows into columns; numbers right-aligned. */
export function textTable(head: string[], rows: Cell[][]): string {
  const all = [head, ...rows.map((r) => r.map((c) => (typeof c === "number" ? n(c) : c)))];
  const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? "").length)));
  const numeric = head.map(
    (_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] === ""),
  );
  const line = (r: Cell[]) =>
    r
      .map((c, i) =>
        numeric[i] ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [
    line(all[0] as Cell[]),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...all.slice(1).map(line),
  ].join("\n");
}

function markdownTable(head: string[], rows: Cell[][]): string {
  const esc = (c: Cell) => String(typeof c === "number" ? n(c) : c).replace(/\|/g, "\\|");
  const numeric = head.map(
    (_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] === ""),
  );
  return [
    `| ${head.map(esc).join(" | ")} |`,
    `|${numeric.map((x) => (x ? "---:" : "---")).join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

function portfolioRows(audit: PortfolioAudit): Cell[][] {
  const rows: Cell[][] = audit.programs.map((p) => [
    p.label,
    p.eqf,
    p.modules.length,
    p.hours,
    p.credits,
    p.quotient,
  ]);
  rows.push(["Total", "", audit.totals.modules, audit.totals.hours, audit.totals.credits, ""]);
  return rows;
}
const PORTFOLIO_HEAD = ["program", "EQF", "modules", "hours", "ECTS", "exact quotient"];

function overlapMatrix(
  audit: PortfolioAudit,
  cell: (c: OverlapCell) => string,
): { head: string[]; rows: Cell[][] } {
  return {
    head: ["completed ↓ / to do →", ...audit.programs.map((p) => p.label)],
    rows: audit.overlap.map((row, i) => [
      audit.programs[i]?.label ?? "",
      ...row.map((c) => (c.from === c.to ? "—" : cell(c))),
    ]),
  };
}

function moduleRows(p: PortfolioAudit["programs"][number]): Cell[][] {
  return p.modules.map((m) => [
    m.number,
    m.title,
    m.hours,
    `${n(m.share, 1)}%`,
    m.cumulative,
    m.sharedWith.join(", "),
  ]);
}
const MODULE_HEAD = ["no.", "module", "hours", "share", "cumulative", "also in"];

function programFacts(p: PortfolioAudit["programs"][number]): string[] {
  const facts = [
    `total: ${n(p.hours)} hours; ${p.basis}`,
    `hours per credit: ${n(p.hoursPerCredit)}, rounding: ${ROUNDING[p.rounding] ?? p.rounding}; EQF level ${p.eqf || "not stated"}`,
  ];
  const d = p.declared;
  if (d.hours !== undefined || d.ects !== undefined) {
    const parts = [];
    if (d.hours !== undefined)
      parts.push(`${n(d.hours)} h (difference ${n(d.hoursDifference ?? 0)})`);
    if (d.ects !== undefined)
      parts.push(`${n(d.ects)} ECTS (difference ${n(d.ectsDifference ?? 0)})`);
    facts.push(`declared: ${parts.join(", ")}`);
  } else facts.push("declared: none");
  if (p.weekly.hoursPerWeek) {
    facts.push(
      `weekly load: ${n(p.weekly.hoursPerWeek)} h/week, so about ${n(p.weekly.estimatedWeeks ?? 0, 1)} weeks${p.weekly.durationWeeks ? ` (stated duration: ${n(p.weekly.durationWeeks)} weeks)` : ""}`,
    );
  }
  facts.push(
    p.findings.length
      ? `findings of check: ${p.findings.map((f) => `${f.severity} ${f.code} at ${f.range.start.line}:${f.range.start.col}: ${f.message}`).join("; ")}`
      : "findings of check: none",
  );
  return facts;
}

const withNone = (lines: string[], none: string) => (lines.length ? lines : [none]);

function inconsistencyLines(audit: PortfolioAudit): string[] {
  return [
    ...audit.duplicateIds.map(
      (d) =>
        `program id "${d.id}" is used by ${d.files.length} files: ${d.files.join(", ")} (give each program its own id)`,
    ),
    ...audit.inconsistencies.map(
      (i) =>
        `module "${i.title}" has different hours: ${i.places.map((p) => `${n(p.hours)} h in ${p.program} (${p.file}:${p.line})`).join(", ")}`,
    ),
  ];
}

export function formatAuditTable(audit: PortfolioAudit): string {
  const out: string[] = ["PORTFOLIO", textTable(PORTFOLIO_HEAD, portfolioRows(audit)), ""];
  const m = overlapMatrix(
    audit,
    (c) => `${n(c.sharedHours)} h / ${n(c.remainingHours)} h to go / ${n(c.remainingCredits)} ECTS`,
  );
  out.push(
    "OVERLAP (hours shared / hours still to do / their credits at the target's policy)",
    textTable(m.head, m.rows),
    "",
  );
  for (const row of audit.overlap)
    for (const c of row)
      if (c.from !== c.to && c.sharedHours > 0) out.push(`  ${describeOverlap(c)}`);
  out.push(
    "",
    "INCONSISTENCIES",
    ...withNone(inconsistencyLines(audit), "none").map((l) => `  ${l}`),
  );
  for (const p of audit.programs) {
    out.push(
      "",
      `${p.id.toUpperCase()}: ${p.title} (${p.file})`,
      textTable(MODULE_HEAD, moduleRows(p)),
      ...programFacts(p).map((f) => `  ${f}`),
    );
  }
  for (const s of audit.skipped)
    out.push(
      "",
      `SKIPPED ${s.file}: not a valid program (${s.findings.length} finding(s); run supplement check)`,
    );
  return out.join("\n");
}

export function formatAuditMarkdown(audit: PortfolioAudit): string {
  const out: string[] = [
    "# Workload audit",
    "",
    "## Portfolio",
    "",
    markdownTable(PORTFOLIO_HEAD, portfolioRows(audit)),
    "",
  ];
  const m = overlapMatrix(
    audit,
    (c) =>
      `${n(c.sharedHours)} h shared, ${n(c.remainingHours)} h to go (${n(c.remainingCredits)} ECTS)`,
  );
  out.push(
    "## Overlap",
    "",
    "Rows: the program already completed. Columns: the program to complete.",
    "",
    markdownTable(m.head, m.rows),
    "",
  );
  out.push(
    "## Inconsistencies",
    "",
    ...withNone(
      inconsistencyLines(audit).map((l) => `- ${l}`),
      "None.",
    ),
    "",
  );
  for (const p of audit.programs) {
    out.push(
      `## ${p.title} (\`${p.id}\`)`,
      "",
      markdownTable(MODULE_HEAD, moduleRows(p)),
      "",
      ...programFacts(p).map((f) => `- ${f}`),
      "",
    );
  }
  for (const s of audit.skipped)
    out.push(`> Skipped \`${s.file}\`: not a valid program (run \`supplement check\`).`, "");
  return out.join("\n");
}

export type CsvTable = "modules" | "programs" | "overlap";

/** RFC 4180 CSV of one table of the audit. */
export function formatAuditCsv(audit: PortfolioAudit, table: CsvTable = "modules"): string {
  const q = (c: Cell) => {
    const s = typeof c === "number" ? String(c) : c;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  let rows: Cell[][];
  if (table === "programs") {
    rows = [
      [
        "program",
        "title",
        "file",
        "eqf",
        "modules",
        "hours",
        "ects",
        "quotient",
        "hours_per_credit",
        "rounding",
        "declared_hours",
        "declared_ects",
        "hours_per_week",
        "estimated_weeks",
      ],
      ...audit.programs.map((p) => [
        p.id,
        p.title,
        p.file,
        p.eqf,
        p.modules.length,
        p.hours,
        p.credits,
        p.quotient,
        p.hoursPerCredit,
        p.rounding,
        p.declared.hours ?? "",
        p.declared.ects ?? "",
        p.weekly.hoursPerWeek ?? "",
        p.weekly.estimatedWeeks ?? "",
      ]),
    ];
  } else if (table === "overlap") {
    rows = [
      [
        "from",
        "to",
        "shared_hours",
        "remaining_hours",
        "remaining_ects",
        "remaining_quotient",
        "shared_modules",
      ],
      ...audit.overlap
        .flat()
        .filter((c) => c.from !== c.to)
        .map((c) => [
          c.from,
          c.to,
          c.sharedHours,
          c.remainingHours,
          c.remainingCredits,
          c.remainingQuotient,
          c.sharedModules.join("; "),
        ]),
    ];
  } else {
    rows = [
      [
        "program",
        "no",
        "module_id",
        "module",
        "hours",
        "share_percent",
        "cumulative_hours",
        "also_in",
      ],
      ...audit.programs.flatMap((p) =>
        p.modules.map((m) => [
          p.label,
          m.number,
          m.id,
          m.title,
          m.hours,
          m.share,
          m.cumulative,
          m.sharedWith.join(" "),
        ]),
      ),
    ];
  }
  return `${rows.map((r) => r.map(q).join(",")).join("\r\n")}\r\n`;
}

export function formatAuditJson(audit: PortfolioAudit): string {
  const finding = (d: Diagnostic) => ({
    rule: d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.range.start.line,
    column: d.range.start.col,
  });
  return JSON.stringify(
    {
      ...audit,
      programs: audit.programs.map((p) => ({ ...p, findings: p.findings.map(finding) })),
      skipped: audit.skipped.map((s) => ({ file: s.file, findings: s.findings.map(finding) })),
    },
    null,
    2,
  );
}
