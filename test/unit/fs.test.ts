import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SupplementError } from "../../src/errors.js";
import { ensureWritableDir } from "../../src/io/fs.js";

const root = mkdtempSync(join(tmpdir(), "supplement-fs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function reasonOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SupplementError);
    return (e as SupplementError).args.reason ?? "";
  }
  throw new Error("expected an error");
}

describe("ensureWritableDir", () => {
  it("creates missing levels and accepts an existing folder", () => {
    const dir = join(root, "a", "b", "c");
    ensureWritableDir(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    ensureWritableDir(dir);
  });

  it("refuses a path through a file, naming the cause in words", () => {
    writeFileSync(join(root, "file"), "x");
    expect(reasonOf(() => ensureWritableDir(join(root, "file", "sub")))).toBe(
      "a part of the path is a file, not a folder (ENOTDIR)",
    );
    expect(reasonOf(() => ensureWritableDir(join(root, "file")))).toContain("is not a folder");
  });

  it.runIf(process.platform === "linux")("fails at once where Node's recursive mkdir loops", () => {
    const started = Date.now();
    expect(reasonOf(() => ensureWritableDir("/proc/x/y"))).toContain("cannot be created");
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
