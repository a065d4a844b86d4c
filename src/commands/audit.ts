/** `supplement audit`: workload totals, overlap and inconsistencies across a portfolio. */
import { Command, Option } from "commander";
import { auditPortfolio, type PortfolioAudit } from "../core/audit.js";
import type { ProfileId } from "../core/rules/index.js";
import { ExitCode, SupplementErrors } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { ruleSettings } from "../io/config.js";
import { expandInputs } from "../io/inputs.js";
import { packageVersion } from "../paths.js";
import {
  type CsvTable,
  formatAuditCsv,
  formatAuditJson,
  formatAuditMarkdown,
  formatAuditTable,
} from "../report/audit.js";
import { formatDiagnostics } from "../report/diagnostics.js";
import { analyzeFiles } from "../services/analyze.js";
import { PROFILE_IDS } from "./check.js";
import type { CliContext } from "./context.js";
import {
  configOption,
  loadRunCatalog,
  loadRunConfig,
  parseIsoDate,
  parsePositiveInt,
} from "./shared.js";

const FORMATS = ["table", "csv", "json", "markdown", "html", "pdf"] as const;
type AuditFormat = (typeof FORMATS)[number];

interface AuditFlags {
  format: AuditFormat;
  output?: string;
  table: CsvTable;
  strict?: boolean;
  config?: string;
  profile?: ProfileId;
  date?: string;
  timeout?: number;
}

export function createAuditCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("audit")
    .description("audit workload totals, credits and overlap across programs (advisory)")
    .argument("[paths...]", "program files, folders or quoted glob patterns", ["programs/"])
    .addOption(
      new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"),
    )
    .option(
      "-o, --output <file>",
      "write to this file instead of stdout (pdf: default out/audit.pdf)",
    )
    .addOption(
      new Option("--table <table>", "which table the csv format writes")
        .choices(["modules", "programs", "overlap"])
        .default("modules"),
    )
    .option(
      "--strict",
      "exit 1 on any inconsistency: module hours that differ, declared totals that differ, one program id in two files, invalid programs",
    )
    .addOption(
      new Option("--profile <profile>", "requirements whose findings are listed").choices(
        PROFILE_IDS,
      ),
    )
    .option(
      "--date <YYYY-MM-DD>",
      "check date for accreditation periods, and the date printed on the report",
      parseIsoDate,
    )
    .addOption(configOption())
    .option(
      "--timeout <ms>",
      "time limit for printing the pdf, in milliseconds (default: 60000)",
      parsePositiveInt,
    )
    .addHelpText(
      "after",
      `
Examples:
  $ supplement audit                              table of programs/ in the terminal
  $ supplement audit -f html -o audit.html        report with charts
  $ supplement audit -f pdf                       out/audit.pdf
  $ supplement audit -f csv --table overlap > overlap.csv
  $ supplement audit --strict                     exit 1 on any inconsistency (for CI)

Exit codes: 0 (advisory; also with findings); 1 with --strict and an inconsistency;
2 usage or I/O error.`,
    )
    .action(async (paths: string[], flags: AuditFlags) => {
      setExit(await runAudit(paths, flags, ctx));
    });
}

function inconsistent(audit: PortfolioAudit): boolean {
  return (
    audit.inconsistencies.length > 0 ||
    audit.duplicateIds.length > 0 ||
    audit.skipped.length > 0 ||
    audit.programs.some(
      (p) => (p.declared.hoursDifference ?? 0) !== 0 || (p.declared.ectsDifference ?? 0) !== 0,
    )
  );
}

async function runAudit(paths: string[], flags: AuditFlags, ctx: CliContext): Promise<number> {
  const config = await loadRunConfig(flags.config, ctx);
  const { files, errors } = expandInputs(paths);
  if (errors.length) throw new SupplementErrors(errors);
  const catalog = loadRunCatalog(config, files, ctx);
  if (catalog.diagnostics.length) {
    ctx.stderr(
      formatDiagnostics(catalog.diagnostics, { color: ctx.color, sources: catalog.sources }),
    );
  }
  const settings = ruleSettings(config, {
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.date ? { date: flags.date } : {}),
  });
  const { analyses } = await analyzeFiles(files, {
    ...(config.creditPolicy ? { policy: config.creditPolicy } : {}),
    catalogs: catalog.catalogs,
    projects: catalog.projects,
    ...(config.branding ? { branding: config.branding } : {}),
    settings,
  });
  const audit = auditPortfolio(analyses);
  const tool = `supplement ${packageVersion()}`;
  const generatedOn = settings.options.date;

  if (flags.format === "pdf" || flags.format === "html") {
    const { renderAuditHtml } = await import("../render/audit-html.js");
    const html = await renderAuditHtml(audit, { generatedOn, tool });
    if (flags.format === "html") {
      if (flags.output) await writeFileAtomic(flags.output, html);
      else ctx.stdout(html);
    } else {
      const target = flags.output ?? "out/audit.pdf";
      const { printPdf } = await import("../render/print.js");
      await printPdf(html, target, {
        title: "Workload audit",
        author: tool,
        subject: `Workload audit of ${audit.totals.programs} programs: hours, ECTS credits, overlap and inconsistencies.`,
        keywords: ["workload audit", "ECTS", ...audit.programs.map((p) => p.id)],
        language: "en",
        creator: tool,
        date: new Date(`${generatedOn}T00:00:00Z`),
        timeoutMs: flags.timeout ?? config.build?.timeout ?? 60_000,
      });
      ctx.stdout(target);
    }
  } else {
    const text =
      flags.format === "csv"
        ? formatAuditCsv(audit, flags.table)
        : flags.format === "json"
          ? formatAuditJson(audit)
          : flags.format === "markdown"
            ? formatAuditMarkdown(audit)
            : formatAuditTable(audit);
    if (flags.output) await writeFileAtomic(flags.output, text.endsWith("\n") ? text : `${text}\n`);
    else ctx.stdout(text.replace(/\r?\n$/, ""));
  }
  const problems = audit.inconsistencies.length + audit.duplicateIds.length + audit.skipped.length;
  ctx.stderr(
    `audited ${audit.totals.programs} program(s), ${audit.totals.hours} hours, ${audit.totals.credits} ECTS; ${problems === 0 ? "no inconsistency" : `${problems} inconsistenc${problems === 1 ? "y" : "ies"}`}`,
  );
  if (flags.strict && inconsistent(audit)) return ExitCode.Findings;
  return ExitCode.Ok;
}
