import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { analyzeProgram } from "../../src/core/program.js";
import { isRealSentence, RULES } from "../../src/core/rules.js";

const FULL_STACK = readFileSync(
  join(import.meta.dirname, "../fixtures/valid/full-stack.yaml"),
  "utf8",
);

/** The Full Stack program with a change applied, re-serialised (comments and order kept). */
function variant(change: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(FULL_STACK);
  change(doc);
  return doc.toString({ lineWidth: 0 });
}
const findings = (text: string) => analyzeProgram("p.yaml", text).diagnostics;
const lineOf = (text: string, needle: string) =>
  text.split("\n").findIndex((l) => l.startsWith(needle)) + 1;

describe("the six FIBAA elements, each removed in turn", () => {
  const cases: [string, (string | number)[], string, string][] = [
    ["learning outcomes", ["learningOutcomes"], "fibaa/learning-outcomes", "id:"],
    ["issuer country", ["issuer", "country"], "fibaa/issuer-country", "issuer:"],
    [
      "module hours (workload)",
      ["modules", 3, "hours"],
      "fibaa/workload-ects",
      "  - id: blazor-front-end",
    ],
    ["EQF level", ["eqfLevel"], "fibaa/eqf-level", "id:"],
    ["assessment", ["assessment"], "fibaa/assessment-type", "id:"],
    ["mode of study", ["modeOfStudy"], "fibaa/mode-of-study", "id:"],
  ];
  for (const [what, path, rule, parentLine] of cases) {
    it(`without ${what}: ${rule} at the parent that should hold it`, () => {
      const text = variant((doc) => doc.deleteIn(path));
      const errors = findings(text).filter((d) => d.severity === "error");
      expect(errors.map((d) => d.code)).toEqual([rule]);
      expect(errors[0]?.range.start.line).toBe(lineOf(text, parentLine));
    });
  }

  it("the unchanged program has no finding at all", () => {
    expect(findings(FULL_STACK)).toEqual([]);
  });
});

describe("element quality", () => {
  it("flags a learning outcome that is not a sentence, at that outcome", () => {
    const text = variant((doc) => doc.setIn(["learningOutcomes", 1], "TBD"));
    const [d] = findings(text);
    expect(d?.code).toBe("fibaa/learning-outcomes");
    expect(d?.message).toBe('learning outcome 2 is not a sentence: "TBD"');
    expect(d?.range.start.line).toBe(lineOf(text, "learningOutcomes:") + 2);
  });

  it.each([
    ["Design, build and maintain web applications.", true],
    ["Explain the role of PR.", true],
    ["TODO", false],
    ["n/a", false],
    ["Web stuff", false],
    ["lorem ipsum dolor sit", false],
  ])("isRealSentence(%j) is %s", (text, expected) => {
    expect(isRealSentence(text)).toBe(expected);
  });

  it("requires both delivery and schedule in the mode of study", () => {
    const text = variant((doc) => doc.deleteIn(["modeOfStudy", "schedule"]));
    const [d] = findings(text);
    expect(d?.code).toBe("fibaa/mode-of-study");
    expect(d?.message).toBe("the mode of study does not say whether it is full-time or part-time");
    expect(d?.range.start.line).toBe(lineOf(text, "modeOfStudy:"));
  });

  it("requires at least one credit", () => {
    const text =
      "id: tiny\ntitle: Tiny\nissuer: {name: X, country: US}\neqfLevel: 5\nlearningOutcomes: [Write a short report about a topic.]\nmodules:\n  - {id: a, title: A, hours: 10}\nassessment: {methods: [{type: quiz}]}\nmodeOfStudy: {delivery: online, schedule: part-time}\n";
    const [d] = findings(text);
    expect(d?.code).toBe("fibaa/workload-ects");
    expect(d?.message).toBe(
      "the workload is worth less than 1 ECTS credit (10 hours at 25 hours per ECTS credit = 0.4, rounded down: 0 ECTS credits)",
    );
  });
});

describe("coherence", () => {
  it("flags declared totals that disagree with the modules, at the declared value", () => {
    const text = variant((doc) => {
      doc.setIn(["declared", "hours"], 420);
      doc.setIn(["declared", "ects"], 17);
    });
    const found = findings(text);
    expect(found.map((d) => [d.code, d.message])).toEqual([
      ["coherence/declared-totals", "declared hours are 420, but the modules add up to 422"],
      [
        "coherence/declared-totals",
        "declared ECTS credits are 17, but 422 hours at 25 hours per ECTS credit = 16.88, rounded down: 16 ECTS credits",
      ],
    ]);
    expect(found[0]?.range.start.line).toBe(lineOf(text, "  hours: 420"));
  });

  it("honours the program's credit policy when comparing declared credits", () => {
    const text = variant((doc) => {
      doc.set("creditPolicy", doc.createNode({ hoursPerCredit: 25, rounding: "half-up" }));
      doc.setIn(["declared", "ects"], 17);
    });
    expect(findings(text)).toEqual([]);
    expect(analyzeProgram("p.yaml", text).workload?.credits).toBe(17);
  });

  it("flags a backwards EQF range", () => {
    const text = variant((doc) => doc.set("eqfLevel", "6-5"));
    const [d] = findings(text);
    expect([d?.code, d?.message, d?.hint]).toEqual([
      "coherence/eqf-range",
      "the EQF range 6-5 runs backwards",
      "Write it lower level first: 5-6.",
    ]);
  });

  it("flags a module id or title used twice", () => {
    const text = variant((doc) => {
      doc.setIn(["modules", 5, "id"], "intro-programming-csharp");
      doc.setIn(["modules", 6, "title"], "introduction to web development");
    });
    expect(findings(text).map((d) => d.message)).toEqual([
      'module id "intro-programming-csharp" is used twice (also module 2)',
      'module title "introduction to web development" is used twice (also module 3)',
    ]);
  });

  it("every rule has an id, a severity and a description", () => {
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+\/[a-z-]+$/);
      expect(["error", "warning", "info"]).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(20);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
