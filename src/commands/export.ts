/** `supplement export`: the programs' machine-readable twins (ELM, Open Badges 3.0) as files. */
import { Command, Option } from "commander";
import { type TwinChoice, twinKinds } from "../core/twins/index.js";
import { ExitCode, SupplementError, SupplementErrors } from "../errors.js";
import { ruleSettings } from "../io/config.js";
import { expandInputs } from "../io/inputs.js";
import { plural } from "../report/diagnostics.js";
import type { CliContext } from "./context.js";
import { configOption, loadRunCatalog, loadRunConfig, printingHooks } from "./shared.js";

interface ExportFlags {
  as: TwinChoice;
  out?: string;
  lang?: string;
  config?: string;
  validate?: boolean;
}

export function createExportCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("export")
    .description(
      "write each program's machine-readable twins: ELM (European Learning Model) and Open Badges 3.0",
    )
    .argument("<paths...>", "program files (.yaml) or folders that hold them")
    .addOption(
      new Option("--as <format>", "elm, ob3 or all").choices(["elm", "ob3", "all"]).default("all"),
    )
    .option("-o, --out <dir>", "output folder (default: out)")
    .option(
      "--lang <code>",
      "language of the OB3 text (default: the program's own); ELM carries every language given",
    )
    .option("--no-validate", "do not check the twins against the EU shapes and the OB3 schema")
    .addOption(configOption())
    .addHelpText(
      "after",
      `
Writes <name>.elm.jsonld (the program as an ELM Qualification: title, outcomes, ECTS credits,
hours, EQF level, ISCED-F field, mode, setting, assessments, entry requirements, awarding body)
and <name>.ob3.json (an Open Badges 3.0 Achievement). The same file gives the same bytes.
Each twin is checked against the official definitions before it is written (see validate).
A range of EQF levels (5-6) is exported as its lower bound, with the range in a note: ELM allows
one level.

Examples:
  $ supplement export programs/full-stack.yaml          out/full-stack.elm.jsonld, .ob3.json
  $ supplement export programs/ --as elm -o twins/

Exit codes: 0 all exported and valid; 1 a program is invalid or a twin has violations; 2 usage or I/O error.`,
    )
    .action(async (paths: string[], flags: ExportFlags) => {
      setExit(await runExport(paths, flags, ctx));
    });
}

async function runExport(paths: string[], flags: ExportFlags, ctx: CliContext): Promise<number> {
  const { files, errors } = expandInputs(paths);
  if (errors.length) throw new SupplementErrors(errors);
  if (flags.lang !== undefined && !/^[a-z]{2}$/.test(flags.lang))
    throw new SupplementError("USAGE", {
      message: `--lang takes a two-letter language code such as en or de, found "${flags.lang}"`,
    });
  const config = await loadRunConfig(flags.config, ctx);
  const catalog = loadRunCatalog(config, files, ctx);
  const outDir = flags.out ?? "out";
  const { exportTwins } = await import("../services/export.js");
  const items = await exportTwins(
    files,
    {
      outDir,
      kinds: twinKinds(flags.as),
      ...(flags.lang ? { lang: flags.lang } : {}),
      validate: flags.validate !== false,
      ...(config.creditPolicy ? { policy: config.creditPolicy } : {}),
      settings: ruleSettings(config, {}),
      catalogs: catalog.catalogs,
      projects: catalog.projects,
    },
    printingHooks(ctx),
  );
  let violations = 0;
  for (const item of items)
    for (const twin of item.twins) {
      for (const v of twin.violations)
        ctx.stderr(`${twin.path}: ${v.path}: ${v.message} (${v.constraint})`);
      violations += twin.violations.length;
    }
  const invalid = items.filter((i) => !i.ok).length;
  const exported = items.filter((i) => i.twins.length > 0).length;
  const parts = [`exported ${exported} of ${plural(items.length, "program")}`];
  if (invalid) parts.push(`${invalid} invalid`);
  if (flags.validate !== false)
    parts.push(
      violations
        ? `${plural(violations, "violation")} of the official definitions`
        : "all twins valid",
    );
  ctx.stderr(parts.join("; "));
  return invalid || violations ? ExitCode.Findings : ExitCode.Ok;
}
