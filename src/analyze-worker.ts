/** Worker thread for analyzeFiles: reads and checks a slice of the files, returns plain data. */
import { parentPort, workerData } from "node:worker_threads";
import type { AnalyzeSetOptions } from "./analyze.js";
import { analyzeProgram } from "./core/program.js";
import { isSupplementError } from "./errors.js";
import { readTextBoundedSync } from "./io/inputs.js";

export interface WorkerResult {
  file: string;
  text?: string;
  analysis?: {
    program: unknown;
    policy: unknown;
    workload: unknown;
    diagnostics: unknown[];
    ok: boolean;
    readable: boolean;
  };
  fatal?: { code: string; args: Record<string, string> };
}

const { files, options } = workerData as { files: string[]; options: AnalyzeSetOptions };
const results: WorkerResult[] = [];
for (const file of files) {
  try {
    const text = readTextBoundedSync(file);
    const a = analyzeProgram(file, text, options);
    results.push({
      file,
      text,
      analysis: {
        program: a.program,
        policy: a.policy,
        workload: a.workload,
        diagnostics: a.diagnostics,
        ok: a.ok,
        readable: a.readable,
      },
    });
  } catch (e) {
    if (!isSupplementError(e)) throw e;
    results.push({ file, fatal: { code: e.code, args: e.args } });
    break;
  }
}
parentPort?.postMessage(results);
