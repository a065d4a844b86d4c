/** The command line: argv → command → exit code. Only this layer prints or exits. */
import { Command, CommanderError } from "commander";
import { createAuditCommand } from "./commands/audit.js";
import { createBuildCommand } from "./commands/build.js";
import { createCheckCommand } from "./commands/check.js";
import type { CliContext } from "./commands/context.js";
import { createDoctorCommand } from "./commands/doctor.js";
import { createExportCommand } from "./commands/export.js";
import { createInitCommand } from "./commands/init.js";
import { createIssueCommand } from "./commands/issue.js";
import { createKeysCommand } from "./commands/keys.js";
import { createPreviewCommand } from "./commands/preview.js";
import {
  createRevokeCommand,
  createSiteCommand,
  createStatusCommand,
} from "./commands/register.js";
import { createRulesCommand } from "./commands/rules.js";
import { createValidateCommand } from "./commands/validate.js";
import { createVerifyCommand } from "./commands/verify.js";
import { ExitCode, SupplementError, SupplementErrors } from "./errors.js";
import { runCleanups } from "./io/cleanup.js";
import { packageVersion } from "./paths.js";

export function createCli(ctx: CliContext, setExit: (code: number) => void): Command {
  const program = new Command("supplement")
    .description("Turn YAML program definitions into ECTS/EQF certificate supplements (PDF).")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("-v, --verbose", "show stack traces and browser details")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout(s.replace(/\n$/, "")),
      writeErr: (s) => ctx.stderr(s.replace(/\n$/, "")),
    })
    .addHelpText(
      "after",
      `
Examples:
  $ supplement init my-project --yes             start a project with an example program
  $ supplement build programs/full-stack.yaml   build one supplement into out/
  $ supplement build programs/ -o /tmp/x        build every program in a folder
  $ supplement check                            check programs/ against the FIBAA condition
  $ supplement audit -f html -o audit.html      workload audit with overlap and charts
  $ supplement export programs/ --as all        ELM and Open Badges 3.0 twins of each program
  $ supplement validate out/full-stack.pdf      check the twins a PDF carries (EU shapes, OB3 schema)
  $ supplement keys create --issuer "Coursera Inc."   a development signing identity in keys/
  $ supplement issue programs/full-stack.yaml -l learners.csv --sign   signed personal supplements
  $ supplement verify out/issued/*/*.pdf --trust keys/signing-cert.pem   signature, signer, twins
  $ supplement site                             the verification site from the register(s)
  $ supplement rules                            list the rules check and build apply
  $ supplement doctor                           check the browser, fonts and configuration

Exit codes: 0 success; 1 findings or failed items; 2 usage or I/O error; 130 interrupted.
Documentation: README.md`,
    );
  program.addCommand(createBuildCommand(ctx, setExit).exitOverride());
  program.addCommand(createCheckCommand(ctx, setExit).exitOverride());
  program.addCommand(createAuditCommand(ctx, setExit).exitOverride());
  program.addCommand(createIssueCommand(ctx, setExit).exitOverride());
  program.addCommand(createRulesCommand(ctx, setExit).exitOverride());
  program.addCommand(createDoctorCommand(ctx, setExit).exitOverride());
  program.addCommand(createInitCommand(ctx, setExit).exitOverride());
  program.addCommand(createPreviewCommand(ctx, setExit).exitOverride());
  program.addCommand(createExportCommand(ctx, setExit).exitOverride());
  program.addCommand(createValidateCommand(ctx, setExit).exitOverride());
  program.addCommand(createKeysCommand(ctx, setExit).exitOverride());
  program.addCommand(createVerifyCommand(ctx, setExit).exitOverride());
  program.addCommand(createRevokeCommand(ctx, setExit).exitOverride());
  program.addCommand(createStatusCommand(ctx, setExit).exitOverride());
  program.addCommand(createSiteCommand(ctx, setExit).exitOverride());
  return program;
}

function reportError(e: unknown, ctx: CliContext): number {
  if (e instanceof SupplementErrors) {
    for (const one of e.errors) reportError(one, ctx);
    return e.exitCode;
  }
  if (e instanceof SupplementError) {
    ctx.stderr(`supplement: error: ${e.message}`);
    if (e.hint) ctx.stderr(`  hint: ${e.hint.replaceAll("\n", "\n  ")}`);
    if (ctx.verbose && e.cause instanceof Error) ctx.stderr(e.cause.stack ?? String(e.cause));
    return e.exitCode;
  }
  if (e instanceof CommanderError) {
    // Help and version are not errors; commander has already printed its message otherwise.
    if (
      e.code === "commander.helpDisplayed" ||
      e.code === "commander.version" ||
      e.code === "commander.help"
    )
      return ExitCode.Ok;
    return ExitCode.Usage;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  ctx.stderr(`supplement: internal error: ${err.message}`);
  ctx.stderr(
    ctx.verbose
      ? (err.stack ?? "")
      : "  (this is a bug in supplement; run with --verbose or DEBUG=1 for the stack trace)",
  );
  return ExitCode.Usage;
}

/** Runs the CLI and resolves to the exit code. */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  let exit: number = ExitCode.Ok;
  const program = createCli(ctx, (code) => {
    exit = code;
  });
  ctx.verbose ||= argv.includes("--verbose") || argv.includes("-v") || !!ctx.env.DEBUG;
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return ExitCode.Usage;
    }
    await program.parseAsync(argv);
    return exit;
  } catch (e) {
    return reportError(e, ctx);
  }
}

/**
 * Stops every browser and removes half-written files, then exits 130: for SIGTERM and SIGHUP too,
 * so that an orchestrator stopping a run sees the same code as Ctrl-C.
 */
export function installSignalHandlers(ctx: CliContext): void {
  const stop = (signal: NodeJS.Signals) => {
    runCleanups();
    ctx.stderr(`\nsupplement: ${new SupplementError("INTERRUPTED", { signal }).message}`);
    process.exit(ExitCode.Interrupted);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.once("SIGHUP", stop);
  process.once("exit", () => {
    runCleanups();
  });
}

/**
 * Output nobody reads any more (`supplement check -f json | head`) is dropped, without a stack
 * trace: the run goes on to its end (nothing is left half-done) and exits with its own code.
 */
function dropUnreadOutput(stream: NodeJS.WriteStream): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") return;
    throw e;
  });
}

export async function run(): Promise<void> {
  dropUnreadOutput(process.stdout);
  dropUnreadOutput(process.stderr);
  const colorEnv = process.env.NO_COLOR === undefined || process.env.NO_COLOR === "";
  const ctx: CliContext = {
    stdout: (t) => process.stdout.write(`${t}\n`),
    stderr: (t) => process.stderr.write(`${t}\n`),
    color:
      (!!process.stderr.isTTY && colorEnv && process.env.TERM !== "dumb") ||
      process.env.FORCE_COLOR === "1",
    verbose: false,
    isTTY: !!process.stderr.isTTY,
    ...(process.stderr.isTTY
      ? { progress: (line: string) => process.stderr.write(`\r\u001b[2K${line}`) }
      : {}),
    cwd: process.cwd(),
    env: process.env,
  };
  installSignalHandlers(ctx);
  process.exitCode = await main(process.argv, ctx);
}
