import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/core/program.js";
import { catalogDirs, loadCatalog } from "../../src/io/catalog.js";
import { ruleSettings } from "../../src/io/config.js";
import { analyzeFiles } from "../../src/services/analyze.js";
import { projectCatalog, ROOT } from "../helpers/programs.js";

const DIR = join(ROOT, "test/fixtures/catalog");
const settings = ruleSettings({}, { date: "2026-11-22" });

describe("module catalog", () => {
  it("resolves references, and reports an unknown one at the reference with a did-you-mean", () => {
    const { catalog, diagnostics } = loadCatalog([join(DIR, "modules")], ROOT);
    const a = analyzeProgram("refs.yaml", readFileSync(join(DIR, "programs/refs.yaml"), "utf8"), {
      catalog,
      settings,
    });
    const found = a.diagnostics.map(
      (d) => `${d.range.start.line}:${d.range.start.col} ${d.code} ${d.message} | ${d.hint}`,
    );
    expect(found).toEqual([
      "9:10 catalog/unknown-module no module `intro-web-developmnt` in the module catalog | Did you mean `intro-web-development`?",
      "11:5 catalog/reference module 3 refers to `ui-ux-design` and also writes out `hours` | A reference takes id, title, hours and outcomes from the catalog: remove the other fields, or write the module out without `ref:`.",
    ]);
    expect(a.ok).toBe(false);
    // The catalog itself: an id defined twice is an error at its second definition.
    expect(
      diagnostics.map(
        (d) => `${d.file}:${d.range.start.line}:${d.range.start.col} ${d.code} ${d.message}`,
      ),
    ).toEqual([
      "test/fixtures/catalog/modules/extra.yaml:5:9 catalog/duplicate-module module `intro-web-development` is already defined in test/fixtures/catalog/modules/core.yaml:5",
    ]);
  });

  it("uses the catalog's hours for referenced modules", () => {
    const { catalog } = loadCatalog([join(DIR, "modules")], ROOT);
    const text = readFileSync(join(DIR, "programs/refs.yaml"), "utf8")
      .replace("intro-web-developmnt", "intro-web-development")
      .replace("  - ref: ui-ux-design\n    hours: 12\n", "  - ref: ui-ux-design\n");
    const a = analyzeProgram("refs.yaml", text, { catalog, settings });
    expect(a.diagnostics).toEqual([]);
    expect(a.program?.modules.map((m) => [m.id, m.hours])).toEqual([
      ["intro-programming-csharp", 30],
      ["intro-web-development", 39],
      ["ui-ux-design", 29],
      ["own", 20],
    ]);
    expect(a.workload?.hours).toBe(118);
  });

  it("reports schema problems in catalog files, in plain language", () => {
    const { diagnostics, catalog } = loadCatalog([join(DIR, "broken")], ROOT);
    expect(
      diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.code} ${d.message}`),
    ).toEqual([
      "2:5 catalog/required `modules[0].hours` is missing in `modules[0]`",
      "7:5 catalog/additionalProperties unknown field `huors` in `modules[1]`",
    ]);
    expect(catalog.modules.size).toBe(0);
  });

  it("says when there is no catalog at all", () => {
    const a = analyzeProgram("refs.yaml", readFileSync(join(DIR, "programs/refs.yaml"), "utf8"), {
      settings,
    });
    expect(a.diagnostics[0]?.hint).toBe(
      "No module catalog was found: define shared modules in modules/*.yaml, or set `catalog:` in supplement.config.yaml.",
    );
  });

  it("finds each program's nearest modules/ folder, up to the project's root", () => {
    const found = catalogDirs(
      undefined,
      ["programs/refs.yaml", join(ROOT, "programs/x.yaml")],
      DIR,
    );
    expect(found.get("programs/refs.yaml")).toEqual([join(DIR, "modules")]);
    expect(found.get(join(ROOT, "programs/x.yaml"))).toEqual([join(ROOT, "modules")]);
    expect(catalogDirs(["/x/y"], ["a.yaml"], DIR).get("a.yaml")).toEqual(["/x/y"]);
  });

  it("keeps the four programs at 422, 309, 212 and 136 hours with their shared modules in the catalog", async () => {
    const files = ["full-stack", "back-end", "front-end", "pr-communications"].map((n) =>
      join(ROOT, "programs", `${n}.yaml`),
    );
    const text = files.map((f) => readFileSync(f, "utf8")).join("\n");
    expect(text.match(/- ref: /g)?.length).toBe(19);
    const { analyses } = await analyzeFiles(files, { catalog: projectCatalog(), settings });
    expect(analyses.map((a) => [a.workload?.hours, a.workload?.credits])).toEqual([
      [422, 16],
      [309, 12],
      [212, 8],
      [136, 5],
    ]);
  });
});
