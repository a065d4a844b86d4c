/** Runs the built CLI (bin/supplement.js → dist/) as a user would. */
import { type SpawnOptions, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TEST_TMP } from "./processes.js";
import { ROOT } from "./programs.js";

export const BIN = join(ROOT, "bin/supplement.js");

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, "dist/cli.js")))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const baseEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: TEST_TMP, NO_COLOR: "1", ...extra };
  delete env.FORCE_COLOR;
  return env;
};

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: baseEnv(options.env),
    encoding: "utf8",
    timeout: options.timeout ?? 180_000,
    killSignal: "SIGKILL",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and resolves when it exits; `onStdout` sees output as it arrives. */
export function startCli(
  args: string[],
  onStdout: (chunk: string, child: ReturnType<typeof spawn>) => void,
  options: SpawnOptions = {},
  onSpawn?: (child: ReturnType<typeof spawn>) => void,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: baseEnv(),
      ...options,
    });
    onSpawn?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      onStdout(d.toString(), child);
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : null), stdout, stderr }),
    );
  });
}

/** `issue` for a learners CSV written into a fresh test folder; the PDFs it wrote. */
export function issueLearners(
  program: string,
  csv: string,
  args: string[],
): CliResult & { out: string; pdfs: string[] } {
  const dir = mkdtempSync(join(TEST_TMP, "issue-"));
  const learners = join(dir, "l.csv");
  writeFileSync(learners, csv);
  const out = join(dir, "out");
  const r = runCli(["issue", program, "-l", learners, "-o", out, ...args]);
  const pdfs = existsSync(out)
    ? readdirSync(out)
        .filter((f) => f.endsWith(".pdf"))
        .map((f) => join(out, f))
    : [];
  return { ...r, out, pdfs };
}
