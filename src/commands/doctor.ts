/** `supplement doctor`: checks what a build needs, each with ✔/✖ and the fix. */
import { Command, Option } from "commander";
import { ExitCode } from "../errors.js";
import { formatDoctorJson, formatDoctorText } from "../report/doctor.js";
import type { CliContext } from "./context.js";
import { configOption } from "./shared.js";

interface DoctorFlags {
  format: "text" | "json";
  config?: string;
  out?: string;
  sandbox?: boolean;
}

export function createDoctorCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("doctor")
    .description(
      "check Node, the browser, fonts, configuration, catalog, template and output folder",
    )
    .addOption(
      new Option("-f, --format <format>", "text or json").choices(["text", "json"]).default("text"),
    )
    .addOption(configOption())
    .option(
      "-o, --out <dir>",
      "output folder to check (default: build.outDir from the config, or out)",
    )
    .option("--no-sandbox", "start Chromium without its sandbox (automatic when running as root)")
    .addHelpText(
      "after",
      `
The browser is started and prints a test page with a line in every script the fonts cover.

Exit codes: 0 nothing blocks a build; 1 something does (each with its fix); 2 usage error.`,
    )
    .action(async (flags: DoctorFlags) => {
      const { runDoctor } = await import("../services/doctor.js");
      const report = await runDoctor({
        cwd: ctx.cwd,
        ...(flags.config ? { config: flags.config } : {}),
        ...(flags.out ? { outDir: flags.out } : {}),
        noSandbox: flags.sandbox === false,
      });
      ctx.stdout(
        flags.format === "json"
          ? formatDoctorJson(report)
          : formatDoctorText(report, { color: ctx.color }),
      );
      setExit(report.ok ? ExitCode.Ok : ExitCode.Findings);
    });
}
