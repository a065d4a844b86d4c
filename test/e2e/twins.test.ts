/**
 * The twins through the built CLI: export, embedded in build and issue PDFs (pdfdetach round
 * trip), reproducible, and validate on our files and the EU's sample.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, issueLearners, runCli } from "../helpers/cli.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";
import { BRANDED, FULL_STACK } from "../helpers/programs.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

const LEARNERS =
  "name,learner_id,completion_date,credential_id,email,grade\n" +
  "王小明,L1,2026-06-01,EX-0001,wang@example.org,92%\n" +
  "Anna Müller,L2,2026-06-02,EX-0002,anna@example.org,\n";

const WITH_VERIFY_URL = [
  "--issue-date",
  "2026-07-01",
  "--verify-url",
  "https://verify.example.org/{credential_id}",
];

const detach = (pdf: string) => {
  const dir = mkdtempSync(join(TEST_TMP, "detach-"));
  execFileSync("pdfdetach", ["-saveall", "-o", dir, pdf]);
  return dir;
};
const listed = (pdf: string) =>
  execFileSync("pdfdetach", ["-list", pdf], { encoding: "utf8" })
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => l.replace(/^\d+: /, ""));

describe("supplement export", () => {
  it("writes valid, byte-identical twins of the four programs", () => {
    const a = mkdtempSync(join(TEST_TMP, "export-"));
    const b = mkdtempSync(join(TEST_TMP, "export-"));
    const r = runCli(["export", "programs/", "-o", a]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("exported 4 of 4 programs; all twins valid");
    expect(runCli(["export", "programs/", "-o", b]).code).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toEqual([
      "back-end.elm.jsonld",
      "back-end.ob3.json",
      "front-end.elm.jsonld",
      "front-end.ob3.json",
      "full-stack.elm.jsonld",
      "full-stack.ob3.json",
      "pr-communications.elm.jsonld",
      "pr-communications.ob3.json",
    ]);
    for (const f of files) expect(readFileSync(join(b, f)), f).toEqual(readFileSync(join(a, f)));
    const v = runCli(["validate", ...files.map((f) => join(a, f))]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout.match(/: valid$/gm)).toHaveLength(8);
    expect(
      runCli(["export", FULL_STACK, "--as", "ob3", "-o", mkdtempSync(join(TEST_TMP, "x-"))]).stdout,
    ).toMatch(/full-stack\.ob3\.json\n?$/);
  });
});

describe("twins inside the PDF", () => {
  it("build embeds the program's twins as associated files, identical to export, reproducibly", async () => {
    const out = mkdtempSync(join(TEST_TMP, "build-"));
    const again = mkdtempSync(join(TEST_TMP, "build-"));
    const exported = mkdtempSync(join(TEST_TMP, "export-"));
    for (const dir of [out, again])
      expect(runCli(["build", FULL_STACK, "-o", dir, "--date", "2026-11-23"]).code).toBe(0);
    expect(runCli(["export", FULL_STACK, "-o", exported]).code).toBe(0);
    const pdf = join(out, "full-stack.pdf");
    expect(readFileSync(join(again, "full-stack.pdf"))).toEqual(readFileSync(pdf));
    expect(listed(pdf)).toEqual(["full-stack.elm.jsonld", "full-stack.ob3.json"]);
    const saved = detach(pdf);
    for (const f of ["full-stack.elm.jsonld", "full-stack.ob3.json"])
      expect(readFileSync(join(saved, f)), f).toEqual(readFileSync(join(exported, f)));
    // PDF/A-3 associated files: /AF on the catalog, AFRelationship, MIME subtype, checksum, dates.
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    const af = doc.catalog.lookup(PDFName.of("AF"), PDFArray);
    expect(af.size()).toBe(2);
    for (let i = 0; i < af.size(); i++) {
      const spec = af.lookup(i, PDFDict);
      expect(spec.get(PDFName.of("AFRelationship"))).toBe(PDFName.of("Alternative"));
      const stream = spec.lookup(PDFName.of("EF"), PDFDict).lookup(PDFName.of("F")) as PDFRawStream;
      expect(stream).toBeInstanceOf(PDFRawStream);
      expect(stream.dict.get(PDFName.of("Subtype"))?.toString()).toBe("/application#2Fld+json");
      const params = stream.dict.lookup(PDFName.of("Params"), PDFDict);
      for (const key of ["Size", "CheckSum", "CreationDate", "ModDate"])
        expect(params.get(PDFName.of(key)), key).toBeDefined();
    }
    expect(execFileSync("qpdf", ["--check", pdf], { encoding: "utf8" })).toContain(
      "No syntax or stream encoding errors",
    );
    const v = runCli(["validate", pdf]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain(
      "full-stack.pdf » full-stack.elm.jsonld: ELM (EU shapes EDC-generic-full): valid",
    );
  });

  it("issue writes each learner's twins beside the PDF and inside it (the fast path)", () => {
    const r = issueLearners(BRANDED, LEARNERS, WITH_VERIFY_URL);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(r.out).sort()).toEqual([
      "EX-0001.edc.jsonld",
      "EX-0001.ob3.json",
      "EX-0001.pdf",
      "EX-0002.edc.jsonld",
      "EX-0002.ob3.json",
      "EX-0002.pdf",
      "register.jsonl",
    ]);
    for (const id of ["EX-0001", "EX-0002"]) {
      const pdf = join(r.out, `${id}.pdf`);
      expect(listed(pdf)).toEqual([`${id}.edc.jsonld`, `${id}.ob3.json`]);
      const saved = detach(pdf);
      for (const f of [`${id}.edc.jsonld`, `${id}.ob3.json`])
        expect(readFileSync(join(saved, f)), f).toEqual(readFileSync(join(r.out, f)));
    }
    // Each learner's own twins; the e-mail in none of them.
    expect(readFileSync(join(r.out, "EX-0001.ob3.json"), "utf8")).toContain("王小明");
    expect(readFileSync(join(r.out, "EX-0002.edc.jsonld"), "utf8")).toContain("Anna Müller");
    for (const f of readdirSync(r.out).filter((f) => /\.(ob3\.json|edc\.jsonld)$/.test(f)))
      expect(readFileSync(join(r.out, f), "utf8")).not.toContain("@example.org");
    const v = runCli([
      "validate",
      ...readdirSync(r.out)
        .filter((f) => !f.startsWith("register"))
        .map((f) => join(r.out, f)),
    ]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout.match(/: valid$/gm)).toHaveLength(8);
    // Reproducible: the same learners and date give the same files.
    const again = issueLearners(BRANDED, LEARNERS, WITH_VERIFY_URL);
    for (const f of readdirSync(r.out).filter((f) => !f.startsWith("register")))
      expect(readFileSync(join(again.out, f)), f).toEqual(readFileSync(join(r.out, f)));
  });

  it("issue --twins none writes and embeds none; a program without a legal identifier gets OB3 only", () => {
    const none = issueLearners(BRANDED, LEARNERS, [
      "--issue-date",
      "2026-07-01",
      "--twins",
      "none",
    ]);
    expect(none.code, none.stderr).toBe(0);
    expect(readdirSync(none.out).sort()).toEqual(["EX-0001.pdf", "EX-0002.pdf", "register.jsonl"]);
    expect(listed(join(none.out, "EX-0001.pdf"))).toEqual([]);
    const plain = issueLearners(FULL_STACK, LEARNERS, ["--issue-date", "2026-07-01"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain("note: no ELM credentials (.edc.jsonld) are written");
    expect(readdirSync(plain.out).sort()).toEqual([
      "EX-0001.ob3.json",
      "EX-0001.pdf",
      "EX-0002.ob3.json",
      "EX-0002.pdf",
      "register.jsonl",
    ]);
    const elm = issueLearners(FULL_STACK, LEARNERS, ["--twins", "elm"]);
    expect(elm.code).toBe(2);
    expect(elm.stderr).toContain("issuer.legalIdentifier");
  });
});

describe("supplement validate", () => {
  it("finds exactly the two known violations in the EU's own sample", () => {
    const r = runCli(["validate", "test/fixtures/elm/mc-annex1.jsonld"]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split("\n")).toEqual([
      "test/fixtures/elm/mc-annex1.jsonld: ELM (EU shapes EDC-generic-full): 2 violations",
      "  issued: Less than 1 values (edc:EuropeanDigitalCredential-cred_issued/sh:MinCountConstraintComponent)",
      "  issuer: Value does not have shape edc:IssuerNodeShape (edc:EuropeanDigitalCredential-cred_issuer/sh:NodeConstraintComponent)",
    ]);
    const json = JSON.parse(
      runCli(["validate", "test/fixtures/elm/mc-annex1.jsonld", "-f", "json"]).stdout,
    );
    expect(json.documents[0].violations).toHaveLength(2);
  });

  it("exits 2 on files that are not twins, and reports every file", () => {
    const r = runCli([
      "validate",
      "package.json",
      "no-such.json",
      "test/fixtures/elm/mc-annex1.jsonld",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("package.json: neither an ELM document");
    expect(r.stderr).toContain("no-such.json: no such file or directory");
    expect(r.stdout).toContain("2 violations");
  });
});
