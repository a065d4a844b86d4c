import { copyFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parseHTML } from "linkedom";
import { beforeAll, describe, expect, it } from "vitest";
import { auditPortfolio, describeOverlap, type PortfolioAudit } from "../../src/core/audit.js";
import { ruleSettings } from "../../src/io/config.js";
import { renderAuditHtml } from "../../src/render/audit-html.js";
import {
  formatAuditCsv,
  formatAuditJson,
  formatAuditMarkdown,
  formatAuditTable,
} from "../../src/report/audit.js";
import { analyzeFiles } from "../../src/services/analyze.js";
import { TEST_TMP } from "../helpers/processes.js";
import { projectCatalog, ROOT } from "../helpers/programs.js";

const settings = ruleSettings({}, { date: "2026-11-22" });
const PROGRAMS = ["full-stack", "back-end", "front-end", "pr-communications"].map((n) =>
  join(ROOT, "programs", `${n}.yaml`),
);
let audit: PortfolioAudit;

beforeAll(async () => {
  const { analyses } = await analyzeFiles(PROGRAMS, { settings, catalog: projectCatalog() });
  audit = auditPortfolio(analyses);
});

const byId = (id: string) => audit.programs.find((p) => p.id === id);
const cell = (from: string, to: string) =>
  audit.overlap.flat().find((c) => c.from === from && c.to === to);

describe("audit of the four certified programs", () => {
  it("reproduces the report's hours and credits", () => {
    expect(audit.programs.map((p) => [p.id, p.hours, p.credits])).toEqual([
      ["ms-full-stack", 422, 16],
      ["ms-back-end", 309, 12],
      ["ms-front-end", 212, 8],
      ["ms-pr-communications", 136, 5],
    ]);
    expect(audit.totals).toEqual({
      programs: 4,
      modules: 31,
      distinctModules: 21,
      hours: 1079,
      credits: 41,
    });
  });

  it("gives exact quotients, shares, cumulative hours, weekly load and declared differences", () => {
    const fs = byId("ms-full-stack");
    expect(fs?.quotient).toBe(16.88);
    expect(fs?.modules[0]).toMatchObject({
      title: "Foundations of Coding Full-Stack",
      hours: 39,
      share: 9.2,
      cumulative: 39,
    });
    expect(fs?.modules.at(-1)?.cumulative).toBe(422);
    expect(fs?.weekly).toEqual({ hoursPerWeek: 10, estimatedWeeks: 42.2 });
    expect(fs?.declared).toEqual({ hours: 422, hoursDifference: 0, ects: 16, ectsDifference: 0 });
    expect(byId("ms-front-end")?.eqf).toBe("5-6");
  });

  it("reproduces the 104 h Front-End → Full Stack overlap", () => {
    const c = cell("ms-front-end", "ms-full-stack");
    expect(c).toMatchObject({ sharedHours: 104, remainingHours: 318, remainingCredits: 12 });
    expect(c?.sharedModules).toEqual([
      "Introduction to Programming With C#",
      "Introduction to Web Development",
      "Blazor for Front-End Development",
    ]);
    expect(describeOverlap(c as NonNullable<typeof c>)).toBe(
      "ms-front-end → ms-full-stack: 104 h shared, 318 h to go (12 ECTS at the policy)",
    );
    expect(cell("ms-full-stack", "ms-back-end")).toMatchObject({
      sharedHours: 270,
      remainingHours: 39,
      remainingCredits: 1,
    });
    expect(cell("ms-pr-communications", "ms-full-stack")).toMatchObject({
      sharedHours: 0,
      remainingHours: 422,
      remainingCredits: 16,
    });
    expect(audit.inconsistencies).toEqual([]);
  });
});

describe("an inconsistent portfolio", () => {
  it("names both places of a module whose hours differ", async () => {
    const files = ["full-stack", "back-end"].map((n) =>
      join(ROOT, "test/fixtures/rules/portfolio", `${n}.yaml`),
    );
    const { analyses } = await analyzeFiles(files, { settings });
    const a = auditPortfolio(analyses);
    expect(
      a.inconsistencies.map((i) => [
        i.title,
        i.places.map((p) => `${p.program} ${p.file.split("/").slice(-1)[0]}:${p.line} ${p.hours}`),
      ]),
    ).toEqual([
      [
        "Introduction to Programming With C#",
        ["ms-full-stack full-stack.yaml:34 30", "ms-back-end back-end.yaml:31 31"],
      ],
    ]);
    // The programs are still audited (with the check's findings attached).
    expect(a.programs.map((p) => p.hours)).toEqual([422, 310]);
    expect(a.programs[1]?.findings.map((f) => f.code)).toContain("portfolio/module-hours");
  });
});

describe("one program id in two files", () => {
  it("is an inconsistency, and the tables tell the two programs apart by file", async () => {
    const files = ["full-stack", "full-stack", "back-end"].map((n) =>
      join(ROOT, "programs", `${n}.yaml`),
    );
    const copy = join(mkdtempSync(join(TEST_TMP, "audit-")), "copy.yaml");
    copyFileSync(files[0] as string, copy);
    files[1] = copy;
    const { analyses } = await analyzeFiles(files, { settings, catalog: projectCatalog() });
    const a = auditPortfolio(analyses);
    expect(a.duplicateIds).toEqual([{ id: "ms-full-stack", files: [files[0], copy] }]);
    expect(a.programs.map((p) => p.label)).toEqual([
      `ms-full-stack (${files[0]})`,
      `ms-full-stack (${copy})`,
      "ms-back-end",
    ]);
    // The two are different programs: each overlaps the other completely, not "itself".
    expect(a.overlap[0]?.[1]).toMatchObject({ sharedHours: 422, remainingHours: 0 });
    expect(formatAuditTable(a)).toContain(
      `program id "ms-full-stack" is used by 2 files: ${files[0]}, ${copy}`,
    );
    expect(a.programs[2]?.modules[1]?.sharedWith).toEqual([
      `ms-full-stack (${files[0]})`,
      `ms-full-stack (${copy})`,
    ]);
  });
});

describe("formats", () => {
  it("csv parses with a CSV parser, for each table", () => {
    const modules = parseCsv(formatAuditCsv(audit, "modules"), { columns: true }) as Record<
      string,
      string
    >[];
    expect(modules).toHaveLength(31);
    expect(modules[1]).toMatchObject({
      program: "ms-full-stack",
      no: "2",
      module: "Introduction to Programming With C#",
      hours: "30",
      cumulative_hours: "69",
    });
    const programs = parseCsv(formatAuditCsv(audit, "programs"), { columns: true }) as Record<
      string,
      string
    >[];
    expect(programs.map((p) => [p.program, p.hours, p.ects])).toEqual([
      ["ms-full-stack", "422", "16"],
      ["ms-back-end", "309", "12"],
      ["ms-front-end", "212", "8"],
      ["ms-pr-communications", "136", "5"],
    ]);
    const overlap = parseCsv(formatAuditCsv(audit, "overlap"), { columns: true }) as Record<
      string,
      string
    >[];
    expect(
      overlap.find((o) => o.from === "ms-front-end" && o.to === "ms-full-stack"),
    ).toMatchObject({ shared_hours: "104", remaining_hours: "318", remaining_ects: "12" });
  });

  it("json, markdown and table carry the same figures", () => {
    const json = JSON.parse(formatAuditJson(audit));
    expect(json.totals.hours).toBe(1079);
    expect(formatAuditMarkdown(audit)).toContain("| ms-full-stack | 6 | 12 | 422 | 16 | 16.88 |");
    expect(formatAuditTable(audit)).toContain(
      "ms-front-end → ms-full-stack: 104 h shared, 318 h to go (12 ECTS at the policy)",
    );
  });

  it("html parses with a DOM parser; its hours chart has one bar per module", async () => {
    const html = await renderAuditHtml(audit, {
      generatedOn: "2026-11-22",
      tool: "supplement test",
    });
    const { document } = parseHTML(html);
    expect(document.querySelector("h1")?.textContent).toBe(
      "Hours, credits and overlap of 4 programs",
    );
    const bars = document.querySelectorAll('figure[data-chart="hours"] g.module-bars path');
    expect(bars.length).toBe(31);
    expect(
      document.querySelectorAll('figure[data-chart="credits"] g.credit-bars path').length,
    ).toBe(4);
    expect(
      document.querySelectorAll('figure[data-chart="overlap"] g.overlap-cells path').length,
    ).toBe(16);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it("escapes program text in the html, charts included", async () => {
    const hostile: PortfolioAudit = JSON.parse(JSON.stringify(audit));
    (hostile.programs[0] as { title: string }).title = "<script>alert(1)</script>";
    (hostile.programs[0]?.modules[0] as { title: string }).title = "<img src=x onerror=alert(2)>";
    const html = await renderAuditHtml(hostile, { generatedOn: "2026-11-22", tool: "t" });
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
  });
});
