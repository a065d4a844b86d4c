/** `supplement check`: the accreditation condition as a CI gate. Never starts a browser. */
import { Command, Option } from "commander";
import { atOrAbove, countBySeverity, type Severity } from "../core/diagnostics.js";
import type { Lang } from "../core/i18n/index.js";
import {
  effectiveSeverity,
  PORTFOLIO_RULES,
  PROGRAM_RULES,
  type ProfileId,
} from "../core/rules/index.js";
import { ExitCode, SupplementError, SupplementErrors } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { ruleSettings } from "../io/config.js";
import { expandInputs } from "../io/inputs.js";
import { packageVersion } from "../paths.js";
import { formatGithub } from "../report/github.js";
import { formatJson } from "../report/json.js";
import { formatJunit } from "../report/junit.js";
import type { CheckReport } from "../report/model.js";
import { summaryLine } from "../report/model.js";
import { formatSarif } from "../report/sarif.js";
import { formatStylish } from "../report/stylish.js";
import { analyzeFiles } from "../services/analyze.js";
import type { CliContext } from "./context.js";
import { configOption, langsOf, loadRunCatalog, loadRunConfig, parseIsoDate } from "./shared.js";

export const FORMATS = ["stylish", "json", "junit", "github", "sarif"] as const;
export type Format = (typeof FORMATS)[number];
export const PROFILE_IDS: ProfileId[] = ["fibaa", "eu-microcredential"];

interface CheckFlags {
  config?: string;
  lang?: string;
  profile?: ProfileId;
  date?: string;
  failOn: Severity | "none";
  quiet?: boolean;
}

export function createCheckCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  // -f and -o pair up in the order given: `-f junit -o report.xml -f stylish`.
  const outputs: { format: Format; file?: string }[] = [];
  let danglingOutput: string | undefined;
  const command = new Command("check")
    .description(
      "check programs against the accreditation condition (no browser, no output files unless asked)",
    )
    .argument("[paths...]", "program files, folders or quoted glob patterns", ["programs/"])
    .addOption(new Option("-f, --format <format>", "output format (repeatable)").choices(FORMATS))
    .option(
      "-o, --output <file>",
      "write the preceding --format to this file instead of stdout (repeatable)",
    )
    .addOption(new Option("--profile <profile>", "requirements to check").choices(PROFILE_IDS))
    .addOption(
      new Option("--fail-on <severity>", "lowest severity that fails the run (exit 1)")
        .choices(["error", "warning", "info", "none"])
        .default("error"),
    )
    .option(
      "--date <YYYY-MM-DD>",
      "check accreditation periods on this day instead of today",
      parseIsoDate,
    )
    .addOption(configOption())
    .option(
      "--lang <code>",
      "report text fields without this language (i18n/missing-translation), e.g. de; default: language: in the config",
    )
    .option("-q, --quiet", "show only findings at or above --fail-on (the summary is always shown)")
    .addHelpText(
      "after",
      `
Examples:
  $ supplement check                                   every program in programs/
  $ supplement check 'portfolio/**/*.yaml' --fail-on warning
  $ supplement check -f junit -o check.xml -f stylish  JUnit for CI, stylish for the log
  $ supplement check --profile eu-microcredential --date 2027-01-01

Formats: stylish (default; github inside GitHub Actions), json, junit, github, sarif.
Exit codes: 0 no finding at or above --fail-on; 1 such findings; 2 usage or I/O error
(including a path or pattern that matches nothing, and an invalid configuration).`,
    )
    .action(async (paths: string[], flags: CheckFlags) => {
      if (danglingOutput) {
        throw new SupplementError("USAGE", {
          message: `--output ${danglingOutput} must follow the --format it is for`,
        });
      }
      setExit(await runCheck(paths, flags, outputs, ctx));
    });
  command.on("option:format", (value: string) => {
    // Commander has checked the value against the choices before this listener runs.
    outputs.push({ format: value as Format });
  });
  command.on("option:output", (value: string) => {
    const last = outputs[outputs.length - 1];
    if (!last || last.file !== undefined) danglingOutput = value;
    else last.file = value;
  });
  return command;
}

async function runCheck(
  paths: string[],
  flags: CheckFlags,
  outputs: { format: Format; file?: string }[],
  ctx: CliContext,
): Promise<number> {
  const config = await loadRunConfig(flags.config, ctx);
  const { files, errors } = expandInputs(paths);
  if (errors.length) throw new SupplementErrors(errors);
  const catalog = loadRunCatalog(config, files, ctx);

  const settings = ruleSettings(config, {
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.date ? { date: flags.date } : {}),
  });
  const { analyses, summary: programSummary } = await analyzeFiles(files, {
    ...(config.creditPolicy ? { policy: config.creditPolicy } : {}),
    catalogs: catalog.catalogs,
    projects: catalog.projects,
    ...(config.branding ? { branding: config.branding } : {}),
    settings,
    // Only when a language is asked for: otherwise text is read in each program's own language.
    ...(flags.lang || config.language ? { lang: langsOf(flags.lang, config)[0] as Lang } : {}),
  });
  // Findings in the catalog's own files are reported like a program's.
  const catalogFiles = [...new Set(catalog.diagnostics.map((d) => d.file))].map((file) => ({
    file,
    programId: undefined,
    diagnostics: catalog.diagnostics.filter((d) => d.file === file),
  }));
  const catalogCounts = countBySeverity(catalog.diagnostics);
  const summary = {
    ...programSummary,
    errors: programSummary.errors + catalogCounts.errors,
    warnings: programSummary.warnings + catalogCounts.warnings,
    infos: programSummary.infos + catalogCounts.infos,
  };
  const rules = [...PROGRAM_RULES, ...PORTFOLIO_RULES].flatMap((r) => {
    const effective = effectiveSeverity(r, settings);
    return effective === "off" ? [] : [{ ...r, effective }];
  });
  const report: CheckReport = {
    tool: { name: "supplement", version: packageVersion() },
    files: [
      ...analyses.map((a) => ({
        file: a.file,
        programId: a.program?.id,
        diagnostics: a.diagnostics,
      })),
      ...catalogFiles,
    ],
    summary,
    settings,
    rules,
    failOn: flags.failOn,
  };

  const chosen = outputs.length
    ? outputs
    : [{ format: (ctx.env.GITHUB_ACTIONS === "true" ? "github" : "stylish") as Format }];
  let summaryOnStdout = false;
  for (const { format, file } of chosen) {
    const text = render(format, report, { color: ctx.color && !file, quiet: !!flags.quiet });
    if (file) {
      await writeFileAtomic(file, `${text}\n`);
    } else {
      ctx.stdout(text);
      if (format === "stylish" || format === "github") summaryOnStdout = true;
    }
  }
  // Every run ends with a summary line; machine formats on stdout keep it on stderr.
  if (!summaryOnStdout) ctx.stderr(summaryLine(report));

  const failing = report.files.some((f) =>
    f.diagnostics.some((d) => atOrAbove(d.severity, flags.failOn)),
  );
  return failing ? ExitCode.Findings : ExitCode.Ok;
}

function render(
  format: Format,
  report: CheckReport,
  options: { color: boolean; quiet: boolean },
): string {
  switch (format) {
    case "stylish":
      return formatStylish(report, options);
    case "json":
      return formatJson(report);
    case "junit":
      return formatJunit(report);
    case "github":
      return formatGithub(report);
    case "sarif":
      return formatSarif(report);
  }
}
