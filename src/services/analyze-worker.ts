/**
 * Worker thread for analyzeFiles. It takes files from the shared queue (an atomic counter over
 * the file list, shared with the main thread and other workers) and returns plain data.
 */
import { parentPort, workerData } from "node:worker_threads";
import { analyzeProgram } from "../core/program.js";
import { isSupplementError } from "../errors.js";
import { readTextBoundedSync } from "../io/inputs.js";
import { type AnalyzeSetOptions, programOptions } from "./analyze.js";

export interface WorkerResult {
  index: number;
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

export interface WorkerInput {
  files: string[];
  options: AnalyzeSetOptions;
  /** Int32 at 0: the next index to take. */
  queue: SharedArrayBuffer;
}

const { files, options, queue } = workerData as WorkerInput;
const next = new Int32Array(queue);
const results: WorkerResult[] = [];
for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
  const file = files[index] as string;
  try {
    const text = readTextBoundedSync(file);
    const a = analyzeProgram(file, text, programOptions(file, options));
    results.push({
      index,
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
    results.push({ index, file, fatal: { code: e.code, args: e.args } });
    Atomics.store(next, 0, files.length);
  }
}
parentPort?.postMessage(results);
