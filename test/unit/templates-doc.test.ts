/**
 * docs/templates.md documents the view model that templates receive: every value a view has is
 * listed there, and everything listed exists. Views of an issued supplement in English and of a
 * French one (where EQF descriptors are cited) together have every value.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/core/program.js";
import { buildView, withHolder } from "../../src/core/view.js";
import { loadAssets } from "../../src/io/assets.js";
import { projectCatalog, ROOT } from "../helpers/programs.js";

function paths(value: unknown, at = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.add(`${at}[]`);
    for (const v of value) paths(v, `${at}[]`, out);
  } else if (value && typeof value === "object") {
    const keys = Object.keys(value);
    // A Field ({text, given}) is documented once, under its own path.
    if (keys.length === 2 && keys.includes("text") && keys.includes("given")) out.add(at);
    else for (const [k, v] of Object.entries(value)) paths(v, at ? `${at}.${k}` : k, out);
  } else out.add(at);
  return out;
}

describe("docs/templates.md", () => {
  it("lists every value of the view model, and nothing that is not in it", () => {
    // The example with logos, signatories and a seal, so that every value is there.
    const file = join(ROOT, "programs/examples/branded.yaml");
    const a = analyzeProgram(file, readFileSync(file, "utf8"), { catalog: projectCatalog() });
    if (!a.program || !a.workload) throw new Error("branded.yaml does not analyse");
    const { assets, diagnostics } = loadAssets(a.program, file, a.source);
    expect(diagnostics).toEqual([]);
    const options = {
      generatedOn: "2026-11-22",
      tool: "t",
      sourceFile: file,
      sourceDigest: "0",
      assets,
    };
    const holder = {
      name: "N",
      learnerId: "L",
      credentialId: "C",
      completionDate: "2026-10-01",
      issueDate: "2026-11-22",
      verifyUrl: "https://example.org/C",
      qrSvg: "<svg/>",
      grade: "A",
      email: "e@example.org",
    };
    const views = [
      withHolder(buildView(a.program, a.workload, options), holder),
      buildView(a.program, a.workload, { ...options, langs: ["fr", "en"] }),
    ];
    const inView = new Set(views.flatMap((v) => [...paths(v)]));
    inView.add("holder"); // null on a program's supplement: documented as such
    const doc = readFileSync(join(ROOT, "docs/templates.md"), "utf8");
    const table = doc.slice(doc.indexOf("## The view model"), doc.indexOf("## What else"));
    const documented = new Set(
      [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string),
    );
    expect([...inView].filter((p) => !documented.has(p)).sort(), "missing in the doc").toEqual([]);
    expect([...documented].filter((p) => !inView.has(p)).sort(), "gone from the view").toEqual([]);
  });
});
