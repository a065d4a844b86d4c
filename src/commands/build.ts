/** `supplement build`: parse arguments, call the library, report. */
import { cpus } from "node:os";
import { resolve } from "node:path";
import { Command } from "commander";
import { ExitCode, SupplementErrors } from "../errors.js";
import { ruleSettings } from "../io/config.js";
import { ensureWritableDir } from "../io/fs.js";
import { expandInputs } from "../io/inputs.js";
import { startChromium } from "../render/chromium.js";
import { countBySeverity, formatDiagnostics, plural } from "../report/diagnostics.js";
import type { BuildItem } from "../services/build.js";
import type { CliContext } from "./context.js";
import {
  blockedWarnings,
  configOption,
  langOption,
  langsOf,
  loadRunCatalog,
  loadRunConfig,
  parseIsoDate,
  parsePositiveInt,
  printingHooks,
  signerOf,
  templateDirOf,
  templateOption,
  twinsOf,
  twinsOption,
} from "./shared.js";

interface BuildFlags {
  out?: string;
  html?: boolean;
  template?: string;
  config?: string;
  date?: string;
  timeout?: number;
  concurrency?: number;
  lang?: string;
  twins?: string;
  sign?: boolean;
  noSandbox?: boolean;
  sandbox?: boolean;
}

export function createBuildCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("build")
    .description("build a certificate supplement PDF for each program")
    .argument("<paths...>", "program files (.yaml) or folders that hold them")
    .option("-o, --out <dir>", "output folder (default: out, or build.outDir from the config)")
    .option("--html", "also write the HTML that is printed, for previewing")
    .addOption(templateOption())
    .addOption(langOption())
    .addOption(twinsOption("embedded in each PDF"))
    .option(
      "--sign",
      "sign each PDF (PAdES), with the identity signing.keyFile names (default keys/, from `supplement keys create`)",
    )
    .addOption(configOption())
    .option(
      "--date <YYYY-MM-DD>",
      "date printed on the supplement (default: today, or $SOURCE_DATE_EPOCH)",
      parseIsoDate,
    )
    .option(
      "--timeout <ms>",
      "time limit per document in milliseconds (default: 60000)",
      parsePositiveInt,
    )
    .option(
      "--concurrency <n>",
      "documents printed at once (default: number of cores)",
      parsePositiveInt,
    )
    .option("--no-sandbox", "run Chromium without its sandbox (automatic when running as root)")
    .addHelpText(
      "after",
      `
Examples:
  $ supplement build programs/full-stack.yaml        writes out/full-stack.pdf
  $ supplement build programs/ -o dist/supplements   every program in the folder
  $ supplement build programs/*.yaml --html          PDFs plus HTML previews

Exit codes: 0 all built; 1 a program is invalid or failed to print; 2 usage or I/O error.`,
    )
    .action(async (paths: string[], flags: BuildFlags) => {
      setExit(await runBuild(paths, flags, ctx));
    });
}

async function runBuild(paths: string[], flags: BuildFlags, ctx: CliContext): Promise<number> {
  const { files, errors } = expandInputs(paths);
  if (errors.length) throw new SupplementErrors(errors);

  const config = await loadRunConfig(flags.config && resolveFrom(ctx.cwd, flags.config), ctx);
  // Kept as the user wrote it, so printed paths read the way they were asked for.
  const outDir = flags.out ?? config.build?.outDir ?? "out";
  const langs = langsOf(flags.lang, config);
  // A signing identity that cannot be used stops the run before anything is printed.
  const signer = await signerOf(flags.sign, config, ctx, "Certificate supplement");
  ensureWritableDir(outDir);
  const concurrency = Math.min(
    flags.concurrency ?? Math.max(1, Math.min(cpus().length, 4)),
    files.length,
  );
  const rendererOptions = {
    timeoutMs: flags.timeout ?? config.build?.timeout ?? 60_000,
    noSandbox: flags.sandbox === false,
  };
  // The browser's process starts first; Puppeteer (about 0.15 s to load) is loaded, and the
  // programs read and checked, while it starts on the other core. The renderer (Puppeteer,
  // Handlebars) is loaded only by the commands that print.
  const started = startChromium(rendererOptions);
  started.catch(() => {});
  const { PdfRenderer } = await import("../render/pdf.js");
  const launching = PdfRenderer.start({ ...rendererOptions, concurrency, started });
  try {
    const catalog = loadRunCatalog(config, files, ctx);
    if (catalog.diagnostics.length) {
      ctx.stderr(
        formatDiagnostics(catalog.diagnostics, { color: ctx.color, sources: catalog.sources }),
      );
      ctx.stderr("");
    }
    const { buildSupplements } = await import("../services/build.js");
    return report(
      await buildSupplements(
        files,
        {
          outDir,
          html: !!flags.html,
          ...templateDirOf(flags.template, config, ctx),
          ...(config.creditPolicy ? { policy: config.creditPolicy } : {}),
          settings: ruleSettings(config, flags.date ? { date: flags.date } : {}),
          catalogs: catalog.catalogs,
          projects: catalog.projects,
          ...(config.branding ? { branding: config.branding } : {}),
          ...(flags.date ? { generatedOn: flags.date } : {}),
          langs,
          twins: twinsOf(flags.twins, config),
          ...(signer ? { signer } : {}),
          concurrency,
          renderer: rendererOptions,
          launching,
        },
        printingHooks(ctx),
      ),
      ctx,
    );
  } finally {
    // Whatever happened (an error before anything was printed too), the browser is stopped.
    await launching.then((r) => r.close()).catch(() => {});
  }
}

/** Failures to print, the summary line and the exit code. */
function report(items: BuildItem[], ctx: CliContext): number {
  for (const item of items) {
    for (const line of blockedWarnings(item.file, item.blocked ?? [])) ctx.stderr(line);
    if (item.error) {
      ctx.stderr(`${item.file}: error: ${item.error.message}`);
      if (item.error.hint) ctx.stderr(`  hint: ${item.error.hint}`);
      if (ctx.verbose && item.error.cause instanceof Error)
        ctx.stderr(item.error.cause.stack ?? "");
    }
  }
  const built = items.filter((i) => i.status === "built").length;
  const invalid = items.filter((i) => i.status === "invalid").length;
  const failed = items.filter((i) => i.status === "failed");
  const diagnostics = items.flatMap((i) => i.diagnostics);
  const counts = countBySeverity(diagnostics);
  const parts = [`built ${built} of ${plural(items.length, "supplement")}`];
  if (invalid) parts.push(`${invalid} invalid`);
  if (failed.length) parts.push(`${failed.length} failed to print`);
  if (diagnostics.length)
    parts.push(`${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}`);
  ctx.stderr(parts.join("; "));

  if (failed.some((i) => i.error && i.error.exitCode === ExitCode.Usage)) return ExitCode.Usage;
  return built === items.length ? ExitCode.Ok : ExitCode.Findings;
}

function resolveFrom(cwd: string, p: string): string {
  return resolve(cwd, p);
}
