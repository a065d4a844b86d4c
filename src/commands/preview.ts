/** `supplement preview <program>`: the supplement in a browser, rendered again on every change. */
import { spawn } from "node:child_process";
import { Command, Option } from "commander";
import { ExitCode } from "../errors.js";
import type { CliContext } from "./context.js";
import {
  configOption,
  langOption,
  langsOf,
  loadRunConfig,
  parsePort,
  templateDirOf,
  templateOption,
} from "./shared.js";

interface PreviewFlags {
  port?: number;
  open?: boolean;
  template?: string;
  config?: string;
  lang?: string;
}

export function createPreviewCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("preview")
    .description("serve a program's supplement on 127.0.0.1 and render it again on every change")
    .argument("<program>", "the program file (.yaml)")
    .addOption(new Option("--port <n>", "port (default: a free one)").argParser(parsePort))
    .option("--open", "open the page in the system's browser")
    .addOption(templateOption())
    .addOption(langOption())
    .addOption(configOption())
    .addHelpText(
      "after",
      `
The page reloads itself when the program, its catalog modules, the configuration or the
template folder change. Findings show in a banner; while the program does not load, the last
good rendering stays. The PDF link prints the current state as build would. Ctrl-C stops it.

Exit codes: 130 stopped with Ctrl-C; 2 usage or I/O error.`,
    )
    .action(async (program: string, flags: PreviewFlags) => {
      setExit(await runPreview(program, flags, ctx));
    });
}

async function runPreview(program: string, flags: PreviewFlags, ctx: CliContext): Promise<number> {
  const config = await loadRunConfig(flags.config, ctx);
  const { existsSync } = await import("node:fs");
  if (!existsSync(program)) {
    const { SupplementError } = await import("../errors.js");
    throw new SupplementError("FILE_NOT_FOUND", { path: program });
  }
  const { startPreview } = await import("../services/preview.js");
  const server = await startPreview({
    file: program,
    cwd: ctx.cwd,
    ...(flags.config ? { config: flags.config } : {}),
    ...templateDirOf(flags.template, config, ctx),
    langs: langsOf(flags.lang, config),
    ...(flags.port ? { port: flags.port } : {}),
    onFindings: (text) => {
      if (text) ctx.stderr(text);
      ctx.stderr(
        `${new Date().toLocaleTimeString()} rendered${text ? " (with the findings above)" : ""}`,
      );
    },
  });
  ctx.stdout(server.url);
  ctx.stderr(`supplement preview: ${server.url} (127.0.0.1 only); Ctrl-C stops it`);
  if (flags.open) {
    const opener =
      process.platform === "darwin" ? "open" : process.platform === "win32" ? "start" : "xdg-open";
    try {
      spawn(opener, [server.url], { detached: true, stdio: "ignore" })
        .on("error", () => {})
        .unref();
    } catch {
      // no system browser: the address is printed
    }
  }
  const { registerCleanup } = await import("../io/cleanup.js");
  registerCleanup(() => void server.close());
  // Runs until interrupted: the signal handlers stop the browser and exit 130.
  await new Promise<never>(() => {});
  return ExitCode.Ok;
}
