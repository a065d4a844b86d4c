import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli } from "../helpers/cli.js";
import { readPdf } from "../helpers/pdf.js";
import { expectNothingLeftBehind } from "../helpers/processes.js";

const tmp = () => mkdtempSync(join(tmpdir(), "supplement-audit-"));
beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

describe("supplement audit", () => {
  it("prints the portfolio table for programs/ and exits 0", () => {
    const r = runCli(["audit", "--date", "2026-11-22"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "ms-front-end → ms-full-stack: 104 h shared, 318 h to go (12 ECTS at the policy)",
    );
    expect(r.stderr.trim()).toBe("audited 4 program(s), 1079 hours, 41 ECTS; no inconsistency");
  });

  it("writes csv that a CSV parser reads", () => {
    const r = runCli(["audit", "-f", "csv", "--table", "programs"]);
    const rows = parseCsv(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => `${x.program} ${x.hours} ${x.ects}`)).toEqual([
      "ms-back-end 309 12",
      "ms-front-end 212 8",
      "ms-full-stack 422 16",
      "ms-pr-communications 136 5",
    ]);
  });

  it("produces the PDF report through the same renderer as build", async () => {
    const out = join(tmp(), "audit.pdf");
    const r = runCli(["audit", "-f", "pdf", "-o", out, "--date", "2026-11-22"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const { text, pages, info } = await readPdf(out);
    expect(info.Title).toBe("Workload audit");
    expect(pages.length).toBeGreaterThan(2);
    expect(text.replace(/\s+/g, " ")).toContain(
      "ms-front-end → ms-full-stack: 104 h shared, 318 h to go (12 ECTS at the policy)",
    );
    expect(readFileSync(out).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("is advisory on an inconsistent portfolio, and exits 1 with --strict", () => {
    const dir = "test/fixtures/rules/portfolio";
    const advisory = runCli(["audit", dir]);
    expect(advisory.code).toBe(0);
    expect(advisory.stdout).toContain(
      'module "Introduction to Programming With C#" has different hours: 31 h in ms-back-end (test/fixtures/rules/portfolio/back-end.yaml:31), 30 h in ms-full-stack (test/fixtures/rules/portfolio/full-stack.yaml:34)',
    );
    expect(advisory.stderr).toContain("1 inconsistency");
    expect(runCli(["audit", dir, "--strict"]).code).toBe(1);
    expect(runCli(["audit", "--strict"]).code).toBe(0);
  });

  it("exits 2 for a missing path or a wrong format", () => {
    expect(runCli(["audit", "nowhere/"]).code).toBe(2);
    expect(runCli(["audit", "-f", "xlsx"]).code).toBe(2);
  });
});
