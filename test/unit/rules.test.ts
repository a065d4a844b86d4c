import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/core/program.js";
import {
  ALL_RULES,
  isRealSentence,
  PROGRAM_RULES,
  type ProfileId,
} from "../../src/core/rules/index.js";
import { ruleSettings } from "../../src/io/config.js";
import { analyzeFiles } from "../../src/services/analyze.js";
import { TEST_TMP } from "../helpers/processes.js";
import { projectCatalog } from "../helpers/programs.js";

const DIR = join(import.meta.dirname, "../fixtures/rules");

/** A rule fixture: `# rule:`, `# expect: line:col` (one per finding), optional `# profile:`, `# date:` and `# lang:`. */
function readFixture(path: string) {
  const text = readFileSync(path, "utf8");
  const header = (key: string) =>
    [...text.matchAll(new RegExp(`^# ${key}: (.+)$`, "gm"))].map((m) => (m[1] as string).trim());
  const settings = ruleSettings(
    {},
    {
      profile: (header("profile")[0] ?? "fibaa") as ProfileId,
      date: header("date")[0] ?? "2026-11-22",
    },
  );
  const lang = header("lang")[0];
  return {
    text,
    rule: header("rule")[0] as string,
    expect: header("expect"),
    settings,
    ...(lang ? { lang } : {}),
  };
}

const fixtures = (sub: string) =>
  readdirSync(join(DIR, sub))
    .filter((f) => f.endsWith(".yaml"))
    .sort();

describe("every rule has a fixture that triggers it, at the asserted place", () => {
  for (const name of fixtures("fail")) {
    it(name, () => {
      const f = readFixture(join(DIR, "fail", name));
      const a = analyzeProgram(name, f.text, {
        settings: f.settings,
        ...(f.lang ? { lang: f.lang } : {}),
      });
      const found = a.diagnostics
        .filter((d) => d.code === f.rule)
        .map((d) => `${d.range.start.line}:${d.range.start.col}`);
      expect(found).toEqual(f.expect);
      // Nothing structural went wrong: the fixture differs from a valid program only where intended.
      expect(a.diagnostics.filter((d) => /^(yaml|schema)\//.test(d.code))).toEqual([]);
    });
  }

  it("covers every program rule", () => {
    const covered = new Set(fixtures("fail").map((n) => readFixture(join(DIR, "fail", n)).rule));
    expect(PROGRAM_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe("and fixtures that do not trigger it", () => {
  for (const name of fixtures("pass")) {
    it(name, () => {
      const f = readFixture(join(DIR, "pass", name));
      const a = analyzeProgram(name, f.text, {
        settings: f.settings,
        ...(f.lang ? { lang: f.lang } : {}),
      });
      expect(a.diagnostics.filter((d) => d.code === f.rule)).toEqual([]);
      expect(a.ok).toBe(true);
    });
  }

  it.each(["full-stack", "back-end", "front-end", "pr-communications"])(
    "the real %s program triggers no rule of either profile",
    (name) => {
      const text = readFileSync(join(import.meta.dirname, `../../programs/${name}.yaml`), "utf8");
      for (const profile of ["fibaa", "eu-microcredential"] as const) {
        const a = analyzeProgram(name, text, {
          settings: ruleSettings({}, { profile, date: "2026-11-22" }),
          catalog: projectCatalog(),
        });
        expect(a.diagnostics).toEqual([]);
      }
    },
  );
});

describe("portfolio/module-hours", () => {
  it("reports a shared module with different hours in both programs, naming the other place", async () => {
    const files = ["back-end", "full-stack"].map((n) => join(DIR, "portfolio", `${n}.yaml`));
    const { analyses } = await analyzeFiles(files, {
      settings: ruleSettings({}, { date: "2026-11-22" }),
    });
    const found = analyses.flatMap((a) =>
      a.diagnostics
        .filter((d) => d.code === "portfolio/module-hours")
        .map(
          (d) =>
            `${d.file.split("/").pop()}:${d.range.start.line}:${d.range.start.col} ${d.message}`,
        ),
    );
    expect(found).toEqual([
      `back-end.yaml:31:12 module "Introduction to Programming With C#" has 31 hours here but 30 h in ${files[1]}:34`,
      `full-stack.yaml:34:12 module "Introduction to Programming With C#" has 30 hours here but 31 h in ${files[0]}:31`,
    ]);
    expect(analyses.every((a) => !a.ok)).toBe(true);
  });

  it("accepts the four real programs, whose shared modules agree", async () => {
    const files = ["full-stack", "back-end", "front-end", "pr-communications"].map((n) =>
      join(import.meta.dirname, `../../programs/${n}.yaml`),
    );
    const { analyses, summary } = await analyzeFiles(files, {
      settings: ruleSettings({}, { date: "2026-11-22" }),
      catalog: projectCatalog(),
    });
    expect(analyses.flatMap((a) => a.diagnostics)).toEqual([]);
    expect(summary).toEqual({ files: 4, programs: 4, errors: 0, warnings: 0, infos: 0 });
  });
});

describe("portfolio/unique-ids", () => {
  it("reports a program whose id another program of the run already has, at its id", async () => {
    const dir = mkdtempSync(join(TEST_TMP, "ids-"));
    const text = readFileSync(join(import.meta.dirname, "../../programs/full-stack.yaml"), "utf8");
    writeFileSync(join(dir, "a.yaml"), text);
    writeFileSync(join(dir, "b.yaml"), text); // a copy whose id was kept
    writeFileSync(join(dir, "c.yaml"), text.replace("id: ms-full-stack", "id: ms-full-stack-2"));
    const { analyses } = await analyzeFiles(
      ["a", "b", "c"].map((n) => join(dir, `${n}.yaml`)),
      { settings: ruleSettings({}, { date: "2026-11-22" }), catalog: projectCatalog() },
    );
    const found = analyses.flatMap((a) =>
      a.diagnostics
        .filter((d) => d.code === "portfolio/unique-ids")
        .map((d) => `${d.file.split("/").pop()}:${d.range.start.line} ${d.message}`),
    );
    expect(found).toEqual([
      `b.yaml:6 the program id "ms-full-stack" is already the id of ${join(dir, "a.yaml")}:6`,
    ]);
    expect(analyses.map((a) => a.ok)).toEqual([true, false, true]);
  });
});

describe("settings", () => {
  const text = readFileSync(join(DIR, "fail", "quality-outcome-verb.yaml"), "utf8");

  it("turns a rule off, or changes its severity, from the configuration", () => {
    const off = analyzeProgram("p", text, {
      settings: ruleSettings({ rules: { "quality/outcome-verb": "off" } }),
    });
    expect(off.diagnostics.map((d) => d.code)).not.toContain("quality/outcome-verb");
    const error = analyzeProgram("p", text, {
      settings: ruleSettings({ rules: { "quality/outcome-verb": "error" } }),
    });
    expect(error.diagnostics.find((d) => d.code === "quality/outcome-verb")?.severity).toBe(
      "error",
    );
    expect(error.ok).toBe(false);
  });

  it("moves the EQF bounds", () => {
    const level4 = readFileSync(join(DIR, "fail", "fibaa-eqf-bounds.yaml"), "utf8");
    const a = analyzeProgram("p", level4, {
      settings: ruleSettings({ eqfBounds: { min: 4, max: 8 } }),
    });
    expect(a.diagnostics).toEqual([]);
  });

  it("every rule has an id, a severity, a description, an explanation and a profile", () => {
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+\/[a-z0-9-]+$/);
      expect(["error", "warning", "info"]).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(15);
      expect(r.explanation.length).toBeGreaterThan(40);
      expect(r.profiles.length).toBeGreaterThan(0);
    }
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
  });

  it.each([
    ["Design, build and maintain web applications.", true],
    ["Explain the role of PR.", true],
    ["TODO", false],
    ["n/a", false],
    ["Web stuff", false],
    ["lorem ipsum dolor sit", false],
  ])("isRealSentence(%j) is %s", (input, expected) => {
    expect(isRealSentence(input)).toBe(expected);
  });
});
