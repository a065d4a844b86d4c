import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { effectiveSeverity, PORTFOLIO_RULES, PROGRAM_RULES } from "../../src/core/rules/index.js";
import { ruleSettings } from "../../src/io/config.js";
import { formatGithub } from "../../src/report/github.js";
import { formatJson } from "../../src/report/json.js";
import { formatJunit } from "../../src/report/junit.js";
import type { CheckReport } from "../../src/report/model.js";
import { formatSarif } from "../../src/report/sarif.js";
import { formatStylish } from "../../src/report/stylish.js";
import { analyzeFiles } from "../../src/services/analyze.js";
import { projectCatalog } from "../helpers/programs.js";

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, "../..");
const files = [
  "programs/full-stack.yaml",
  "test/fixtures/rules/fail/quality-outcome-verb.yaml",
  "test/fixtures/invalid/country-name.yaml",
  "test/fixtures/invalid/syntax.yaml",
];
let report: CheckReport;

beforeAll(async () => {
  const settings = ruleSettings({}, { date: "2026-11-22" });
  const { analyses, summary } = await analyzeFiles(
    files.map((f) => join(root, f)),
    { settings, catalog: projectCatalog() },
  );
  report = {
    tool: { name: "supplement", version: "0.0.0-test" },
    files: analyses.map((a) => ({
      file: a.file.slice(root.length + 1),
      programId: a.program?.id,
      diagnostics: a.diagnostics.map((d) => ({ ...d, file: d.file.slice(root.length + 1) })),
    })),
    summary,
    settings,
    rules: [...PROGRAM_RULES, ...PORTFOLIO_RULES].flatMap((r) => {
      const effective = effectiveSeverity(r, settings);
      return effective === "off" ? [] : [{ ...r, effective }];
    }),
    failOn: "error",
  };
});

describe("junit", () => {
  it("is well-formed XML with one testsuite per file and one testcase per rule and program", () => {
    const xml = formatJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
    const suites = doc.testsuites.testsuite as {
      name: string;
      tests: string;
      failures: string;
      testcase: { name: string; failure?: unknown; classname: string }[];
    }[];
    expect(suites.map((s) => s.name)).toEqual(files);
    for (const s of suites) {
      expect(s.testcase.map((c) => c.name)).toEqual(["schema", ...report.rules.map((r) => r.id)]);
      expect(Number(s.tests)).toBe(report.rules.length + 1);
      expect(Number(s.failures)).toBe(s.testcase.filter((c) => c.failure !== undefined).length);
    }
    const [valid, warned, country, syntax] = suites;
    expect(valid?.failures).toBe("0");
    expect(valid?.testcase[0]?.classname).toBe("ms-full-stack");
    expect(warned?.failures).toBe("0"); // a warning is not a failure at --fail-on error
    expect(country?.testcase.filter((c) => c.failure).map((c) => c.name)).toEqual([
      "schema",
      "fibaa/learning-outcomes",
      "fibaa/eqf-level",
      "fibaa/assessment-type",
      "fibaa/mode-of-study",
    ]);
    expect(syntax?.testcase.find((c) => c.name === "schema")?.failure).toBeDefined();
  });

  it("escapes what it quotes", () => {
    const xml = formatJunit({
      ...report,
      files: [{ file: 'a<b>&"c".yaml', programId: undefined, diagnostics: [] }],
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&quot;.yaml"');
  });
});

describe("sarif", () => {
  it("validates against the official SARIF 2.1.0 schema", () => {
    const Ajv04 = require("ajv-draft-04").default;
    const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    // The schema has a pattern that is invalid in Unicode mode; it was written for ECMAScript 5 regexes.
    const ajv = new Ajv04({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    });
    const validate = ajv.compile(schema);
    const log = JSON.parse(formatSarif(report));
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("has a result per finding, with its rule and region", () => {
    const log = JSON.parse(formatSarif(report));
    const run = log.runs[0];
    const total = report.files.reduce((n, f) => n + f.diagnostics.length, 0);
    expect(run.results).toHaveLength(total);
    const country = run.results.find((r: { ruleId: string }) => r.ruleId === "schema/enum");
    expect(country.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: "test/fixtures/invalid/country-name.yaml" },
      region: { startLine: 5, startColumn: 12 },
    });
    for (const r of run.results) {
      if (r.ruleIndex !== undefined) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
  });
});

describe("github", () => {
  it("prints one workflow command per finding with file, line and col, then the summary", () => {
    const lines = formatGithub(report).split("\n");
    const total = report.files.reduce((n, f) => n + f.diagnostics.length, 0);
    expect(lines).toHaveLength(total + 1);
    expect(lines).toContain(
      '::error file=test/fixtures/invalid/country-name.yaml,line=5,col=12,endLine=5,endColumn=19,title=schema/enum::the text "Germany" is not an ISO 3166-1 alpha-2 country code%0ADid you mean DE?',
    );
    expect(
      lines.some((l) =>
        l.startsWith(
          "::warning file=test/fixtures/rules/fail/quality-outcome-verb.yaml,line=21,col=5,",
        ),
      ),
    ).toBe(true);
    expect(lines.at(-1)).toBe(
      "4 files, 3 programs checked (fibaa, 2026-11-22): 6 errors, 3 warnings, 0 infos",
    );
  });
});

describe("json", () => {
  it("carries every finding with position and the summary", () => {
    const out = JSON.parse(formatJson(report));
    expect(out.summary.files).toBe(4);
    expect(out.files[2].diagnostics[0]).toMatchObject({
      rule: expect.any(String),
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(out.files[0]).toEqual({
      file: "programs/full-stack.yaml",
      program: "ms-full-stack",
      diagnostics: [],
    });
  });
});

describe("stylish", () => {
  it("groups findings by file, without colour when colour is off, and ends with the summary", () => {
    const out = formatStylish(report, { color: false });
    expect(out).not.toContain(String.fromCharCode(27));
    expect(out).not.toContain("programs/full-stack.yaml"); // no findings, no group
    expect(out).toContain(
      "test/fixtures/invalid/country-name.yaml\n  1:1   error    no type of assessment is given  fibaa/assessment-type",
    );
    expect(out.split("\n").at(-1)).toMatch(/^✖ 4 files, 3 programs checked/);
  });

  it("shows only failing findings with quiet", () => {
    const out = formatStylish(report, { color: false, quiet: true });
    expect(out).not.toContain("quality/outcome-verb");
    expect(out).toContain("fibaa/assessment-type");
  });

  it("colours when asked", () => {
    expect(formatStylish(report, { color: true })).toContain(`${String.fromCharCode(27)}[31m`);
  });
});

describe("the rules document", () => {
  it("docs/rules.md is what `supplement rules --format markdown` prints (regenerate it if this fails)", async () => {
    const { formatRulesMarkdown } = await import("../../src/report/rules.js");
    const { ALL_RULES } = await import("../../src/core/rules/index.js");
    expect(readFileSync(join(root, "docs/rules.md"), "utf8")).toBe(formatRulesMarkdown(ALL_RULES));
  });
});
