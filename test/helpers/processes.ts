/**
 * Finds browser processes started by these tests. Every test file gets its own temporary root
 * (TMPDIR for the CLI runs it starts and for renderers started in-process), and Chromium's
 * profile lives there, so a check never sees browsers of another program or test run.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";

export const TEST_TMP = mkdtempSync(join(tmpdir(), "supplement-tests-"));
process.env.TMPDIR = TEST_TMP;

export function supplementBrowserProcesses(): string[] {
  try {
    const out = execFileSync("ps", ["-eo", "pid,stat,args"], { encoding: "utf8" });
    return out
      .split("\n")
      .filter((l) => l.includes(`${TEST_TMP}/supplement-chromium-`) && !/\sZ/.test(l.slice(0, 14)));
  } catch {
    return [];
  }
}

export function leftoverProfiles(): string[] {
  return readdirSync(TEST_TMP).filter((d) => d.startsWith("supplement-chromium-"));
}

/** For `afterEach`: no run, whatever its outcome, leaves a browser or its profile behind. */
export function expectNothingLeftBehind(): void {
  expect(supplementBrowserProcesses()).toEqual([]);
  expect(leftoverProfiles()).toEqual([]);
}

/**
 * An interrupted issue's output: only whole files. PDFs end with %%EOF; twins (written just before
 * their PDF) are complete JSON; nothing else (no temp file or folder). Returns the PDFs.
 */
export function expectOnlyWholeOutputs(dir: string): string[] {
  const files = readdirSync(dir);
  const pdfs = files.filter((f) => f.endsWith(".pdf"));
  const twins = files.filter((f) => /\.(ob3\.json|edc\.jsonld|edc\.jades\.json)$/.test(f));
  const jwts = files.filter((f) => f.endsWith(".ob3.jwt"));
  // The register: complete lines only matter to its readers (a torn last line is ignored).
  const registers = files.filter((f) => /^register(\.shard-\d+-of-\d+)?\.jsonl$/.test(f));
  expect(
    files.filter(
      (f) => !pdfs.includes(f) && !twins.includes(f) && !jwts.includes(f) && !registers.includes(f),
    ),
  ).toEqual([]);
  for (const f of jwts)
    expect(readFileSync(join(dir, f), "utf8"), f).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  for (const f of pdfs)
    expect(readFileSync(join(dir, f)).subarray(-6).toString(), f).toContain("%%EOF");
  for (const f of twins)
    expect(() => JSON.parse(readFileSync(join(dir, f), "utf8")), f).not.toThrow();
  return pdfs;
}
