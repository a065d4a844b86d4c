/**
 * The whole suite writes its temporary files under one folder, made here and removed at the end;
 * every test process inherits it as TMPDIR. Afterwards the real temp folder is compared with its
 * listing from before: anything new of ours (supplement-*, a browser's profile or temp files)
 * fails the run, since a user's machine would keep it.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Names that supplement, its tests or the Chromium it starts could leave behind. */
export const OURS = /^(supplement|\.?org\.chromium|\.?com\.google\.Chrome|puppeteer)/;

export function ourEntries(dir: string): string[] {
  return readdirSync(dir).filter((name) => OURS.test(name));
}

export default function setup(): () => void {
  const realTmp = tmpdir();
  const before = new Set(ourEntries(realTmp));
  const root = mkdtempSync(join(realTmp, "supplement-suite-"));
  process.env.TMPDIR = root;
  process.env.SUPPLEMENT_SUITE_TMP = root;
  return () => {
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    process.env.TMPDIR = realTmp;
    const left = ourEntries(realTmp).filter((name) => !before.has(name));
    if (left.length) {
      // Vitest reports an error thrown here but keeps its exit code: set it too.
      process.exitCode = 1;
      throw new Error(`the tests left these in ${realTmp}: ${left.sort().join(", ")}`);
    }
  };
}
