import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/core/program.js";
import { SupplementError } from "../../src/errors.js";
import { readTextBounded } from "../../src/io/inputs.js";

const fixture = (name: string) => join(import.meta.dirname, "../fixtures", name);
const analyze = (name: string) => analyzeProgram(name, readFileSync(fixture(name), "utf8"));
/** `line:col code message` for each finding, in the loader's order. */
const lines = (name: string) =>
  analyze(name).diagnostics.map(
    (d) => `${d.range.start.line}:${d.range.start.col} ${d.code} ${d.message}`,
  );
const find = (name: string, code: string) =>
  analyze(name).diagnostics.filter((d) => d.code === code);

describe("valid programs", () => {
  it("loads the Full Stack program with no findings", () => {
    const a = analyze("valid/full-stack.yaml");
    expect(a.diagnostics).toEqual([]);
    expect(a.ok).toBe(true);
    expect(a.program?.id).toBe("ms-full-stack");
    expect(a.workload?.credits).toBe(16);
  });
});

describe("YAML syntax", () => {
  it("merges an anchored mapping with a YAML merge key (<<: *anchor)", () => {
    // The merged module takes its hours from the anchored one (39) and keeps its own id and title.
    const text = readFileSync(fixture("valid/full-stack.yaml"), "utf8")
      .replace(
        "  - id: foundations-of-coding-full-stack",
        "  - &first\n    id: foundations-of-coding-full-stack",
      )
      .replace("  - id: full-stack-integration", "  - <<: *first\n    id: full-stack-integration")
      .replace(
        "    title: Full-Stack Integration\n    hours: 34\n",
        "    title: Full-Stack Integration\n",
      );
    const a = analyzeProgram("merge.yaml", text);
    // No YAML or schema finding; the totals now differ by the 5 hours the merge brought.
    expect(a.diagnostics.map((d) => d.code)).toEqual([
      "coherence/declared-totals",
      "coherence/declared-totals",
    ]);
    expect(a.diagnostics[0]?.message).toContain("the modules add up to 427");
    const merged = a.program?.modules.find((m) => "id" in m && m.id === "full-stack-integration");
    expect(merged).toEqual({
      id: "full-stack-integration",
      title: "Full-Stack Integration",
      hours: 39,
    });
  });

  it("points an unclosed quote at where it opens", () => {
    expect(lines("invalid/syntax.yaml")).toEqual([
      "2:8 yaml/missing-char YAML syntax: a closing quote or bracket is missing",
    ]);
  });

  it("reports a duplicate key at its second occurrence", () => {
    expect(lines("invalid/duplicate-key.yaml")).toEqual([
      "3:1 yaml/duplicate-key YAML syntax: this key appears twice in the same mapping",
    ]);
  });

  it("reports a tab used for indentation", () => {
    const [d] = analyze("invalid/tabs.yaml").diagnostics;
    expect(`${d?.range.start.line}:${d?.range.start.col} ${d?.code}`).toBe(
      "4:1 yaml/tab-as-indent",
    );
    expect(d?.hint).toBe("YAML indents with spaces only; replace the tab with spaces.");
    expect(analyze("invalid/tabs.yaml").diagnostics).toHaveLength(1);
  });

  it("stops a billion-laughs alias bomb with a clear error instead of hanging", () => {
    expect(lines("invalid/alias-bomb.yaml")).toEqual([
      "1:1 yaml/alias-limit YAML aliases expand to more than 200 nodes; reading stopped",
    ]);
  });

  it("reports a file that is not UTF-8 at its first bad byte, without quoting garbage", async () => {
    const text = await readTextBounded(fixture("invalid/latin1.yaml"));
    const a = analyzeProgram("invalid/latin1.yaml", text);
    expect(
      a.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.code} ${d.message}`),
    ).toEqual([
      "2:11 yaml/encoding the file is not valid UTF-8 text (the first byte that is not UTF-8 is here)",
    ]);
  });

  it("reports an empty file", () => {
    expect(lines("invalid/empty.yaml")).toEqual(["1:1 yaml/empty the file is empty"]);
  });

  it("keeps reporting schema problems on other lines after a syntax error", () => {
    const text =
      "id: x\ntitle: T\nissuer:\n  name: N\n  country: Germany\nmodules:\n  - id: a\n    title: A\n\thours: 3\n";
    const codes = analyzeProgram("t.yaml", text).diagnostics.map(
      (d) => `${d.range.start.line} ${d.code}`,
    );
    expect(codes).toEqual(["9 yaml/tab-as-indent", "5 schema/enum"]);
  });
});

describe("schema errors in plain language", () => {
  it("names wrong types with what was found", () => {
    expect(lines("invalid/wrong-types.yaml").filter((l) => l.includes(" schema/"))).toEqual([
      "6:12 schema/type `languages` must be a list (lines starting with '- '), found the text \"en\"",
      '7:11 schema/oneOf the EQF level must be a whole number from 1 to 8 or a range such as 5-6, found the text "six"',
      '11:12 schema/type `modules[0].hours` must be a number, found the text "ten"',
      "13:12 schema/anyOf `modules[1].title` must be text, or a map from language codes to text such as {en: …, de: …}, found a list",
    ]);
  });

  it("names an empty entry of a text map once, at the entry, and an empty map as such", () => {
    const text = readFileSync(fixture("valid/full-stack.yaml"), "utf8");
    const messages = (title: string) =>
      analyzeProgram("x.yaml", text.replace(/^title: .*$/m, `title: ${title}`)).diagnostics.map(
        (d) => d.message,
      );
    // An empty entry is named once, at the entry; other ISO 639-1 codes may be kept.
    expect(messages('{es: "Desarrollador", en: ""}')).toEqual(["`title.en` must not be empty"]);
    expect(messages('{es: "Desarrollador", en: "Developer"}')).toEqual([]);
    expect(messages("{}")).toEqual(["`title` is an empty map: it gives no text in any language"]);
  });

  it("names .inf and .nan as not finite numbers", () => {
    const text = readFileSync(fixture("valid/full-stack.yaml"), "utf8");
    for (const [value, shown] of [
      [".inf", ".inf"],
      ["-.inf", "-.inf"],
      [".nan", ".nan"],
    ]) {
      const a = analyzeProgram("x.yaml", text.replace(/hours: 39/, `hours: ${value}`));
      expect(a.diagnostics.map((d) => d.message)).toContain(
        `\`modules[0].hours\` must be a number, found ${shown} (not a finite number)`,
      );
    }
  });

  it("reports out-of-range values: EQF 9, negative and zero hours, pass mark, hours per credit", () => {
    const found = lines("invalid/out-of-range.yaml").filter((l) => / (schema|coherence)\//.test(l));
    expect(found).toEqual([
      "6:11 schema/oneOf the EQF level must be a whole number from 1 to 8 or a range such as 5-6, found the number 9",
      '10:12 coherence/module-hours module "A" has -3 hours; a module needs more than zero',
      '13:12 coherence/module-hours module "B" has 0 hours; a module needs more than zero',
      "15:13 schema/maximum `assessment.passMark` must be at most 100, found the number 120",
      "17:19 coherence/hours-per-credit 20 hours per credit is outside the ECTS range of 25 to 30",
    ]);
  });

  it("reports every missing required field at the mapping that should hold it", () => {
    const required = analyze("invalid/missing-required.yaml").diagnostics.filter((d) =>
      ["schema/required", "schema/anyOf"].includes(d.code),
    );
    expect(required.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`)).toEqual([
      "1:1 `id` is missing",
      "1:1 `title` is missing",
      "1:1 `issuer.name` is missing in `issuer`",
      "4:5 module 1 needs `id:` and `title:` written out, or `ref:` naming a module of the catalog",
    ]);
    expect(required[0]?.hint).toBe(
      "Add `id:`, the program's identifier: lower-case letters, digits and hyphens. Used in file names and on every page footer.",
    );
  });

  it("suggests the ISO code for a country written as a name", () => {
    const [d] = find("invalid/country-name.yaml", "schema/enum");
    expect(d?.message).toBe('the text "Germany" is not an ISO 3166-1 alpha-2 country code');
    expect(d?.hint).toBe("Did you mean DE?");
    expect(`${d?.range.start.line}:${d?.range.start.col}`).toBe("5:12");
  });

  it.each([
    ["Deutschland", "DE"],
    ["DEU", "DE"],
    ["us", "US"],
    ["United States", "US"],
    ["Frankreich", "FR"],
    ["Untied Kingdom", "GB"],
  ])("suggests %s → %s", (input, code) => {
    const text = `id: x\ntitle: T\nissuer:\n  name: N\n  country: ${input}\nmodules:\n  - {id: a, title: A, hours: 30}\n`;
    const d = analyzeProgram("c.yaml", text).diagnostics.find((x) => x.code === "schema/enum");
    expect(d?.hint).toBe(`Did you mean ${code}?`);
  });

  it("gives a did-you-mean for unknown keys and values, at the key itself", () => {
    const schema = analyze("invalid/unknown-keys.yaml").diagnostics.filter((d) =>
      d.code.startsWith("schema/"),
    );
    expect(
      schema.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message} | ${d.hint}`),
    ).toEqual([
      "5:3 unknown field `contry` in `issuer` | Did you mean `country`?",
      "6:1 unknown field `eqf_level` | Did you mean `eqfLevel`?",
      "11:5 unknown field `houres` in `modules[0]` | Did you mean `hours`?",
      '13:13 `modeOfStudy.delivery` must be one of the listed values, found the text "onlin" | Did you mean online? Allowed: online, onsite, blended.',
    ]);
  });

  it("never lets a raw ajv message through", () => {
    const all = [
      "wrong-types",
      "out-of-range",
      "missing-required",
      "country-name",
      "unknown-keys",
    ].flatMap((n) => analyze(`invalid/${n}.yaml`).diagnostics.map((d) => d.message));
    expect(all.length).toBeGreaterThan(10);
    for (const m of all) {
      expect(m).not.toMatch(
        /must NOT have|must match|must be equal to one of|must have required property/,
      );
    }
  });

  it("still runs the accreditation rules when the schema fails, so everything shows in one run", () => {
    const codes = analyze("invalid/country-name.yaml")
      .diagnostics.filter((d) => d.severity === "error")
      .map((d) => d.code);
    expect(codes).toEqual([
      "fibaa/assessment-type",
      "fibaa/eqf-level",
      "fibaa/learning-outcomes",
      "fibaa/mode-of-study",
      "schema/enum",
    ]);
  });
});

describe("bounded reading", () => {
  it("refuses a file over the size limit before parsing it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "supplement-test-"));
    const big = join(dir, "big.yaml");
    writeFileSync(big, `# ${"x".repeat(2048)}\n`);
    await expect(readTextBounded(big, 1024)).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
    await expect(readTextBounded(join(dir, "missing.yaml"))).rejects.toBeInstanceOf(
      SupplementError,
    );
    await expect(readTextBounded(join(dir, "missing.yaml"))).rejects.toMatchObject({
      code: "FILE_NOT_FOUND",
    });
  });

  it("strips a byte-order mark", async () => {
    const dir = mkdtempSync(join(tmpdir(), "supplement-test-"));
    const f = join(dir, "bom.yaml");
    writeFileSync(f, "\uFEFFid: x\n");
    expect(await readTextBounded(f)).toBe("id: x\n");
  });
});
