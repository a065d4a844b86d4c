import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { deriveCredentialId } from "../../src/core/learners.js";
import { assertBuilt, runCli, startCli } from "../helpers/cli.js";
import { readPdf } from "../helpers/pdf.js";
import { expectNothingLeftBehind, expectOnlyWholeOutputs, TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

const PROGRAM = join(ROOT, "programs/pr-communications.yaml");
const VERIFY = "https://verify.example.org/{credential_id}";
const tmp = () => mkdtempSync(join(TEST_TMP, "issue-"));
const pdfs = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".pdf"))
    .sort();

function learnersCsv(dir: string, n: number, extra: string[] = []): string {
  const rows = ["name,learner_id,completion_date,credential_id,email,grade"];
  for (let i = 0; i < n; i++)
    rows.push(
      `Learner ${i},L-${1000 + i},2026-10-${String(1 + (i % 28)).padStart(2, "0")},,learner${i}@example.org,`,
    );
  rows.push(...extra);
  const file = join(dir, "learners.csv");
  writeFileSync(file, `${rows.join("\n")}\n`);
  return file;
}

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

/** `issue` of the Full Stack program on a learners file with this text, in a folder of its own. */
function issueCsv(text: string) {
  const dir = tmp();
  const file = join(dir, "l.csv");
  writeFileSync(file, text);
  return { dir, file, r: runCli(["issue", PROGRAM, "-l", file, "-o", join(dir, "out")]) };
}

describe("supplement issue", () => {
  it("issues 50 supplements whose holder, credential id and verification link read back", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    const r = runCli([
      "issue",
      PROGRAM,
      "-l",
      learnersCsv(dir, 50),
      "-o",
      out,
      "--verify-url",
      VERIFY,
      "--issue-date",
      "2026-11-22",
    ]);
    expect(r.code).toBe(0);
    expect(pdfs(out)).toHaveLength(50);
    expect(r.stdout.trim().split("\n")).toHaveLength(50);
    expect(r.stderr).toMatch(/issued 50, failed 0, skipped 0; [\d.]+ s, [\d.]+ PDFs\/s/);
    for (const i of [0, 17, 49]) {
      const id = deriveCredentialId("ms-pr-communications", `L-${1000 + i}`);
      const { text, info } = await readPdf(join(out, `${id}.pdf`));
      const flat = text.replace(/\s+/g, " ");
      expect(flat).toContain(`Learner ${i}`);
      expect(flat).toContain(id);
      // Long addresses wrap inside their column: compare without the line breaks.
      expect(text.replace(/\s+/g, "")).toContain(`https://verify.example.org/${id}`);
      expect(flat).toContain("22 November 2026");
      expect(flat).not.toContain("@example.org"); // e-mail is not printed unless the config says so
      expect(info.Title).toBe(
        `Certificate Supplement: Microsoft Public Relations and Communications Associate Professional Certificate, issued to Learner ${i}`,
      );
    }
  });

  it("prints names in many scripts with the right glyphs, and very long names", async () => {
    const dir = tmp();
    const long = `Maria ${"Anna-Lena ".repeat(28)}Schmidt`.trim();
    const file = join(dir, "l.jsonl");
    writeFileSync(
      file,
      [
        {
          name: "Łukasz Żółć",
          learner_id: "pl-1",
          completion_date: "2026-10-01",
          credential_id: "PL-1",
        },
        {
          name: "Ingrid Ødegård",
          learner_id: "no-1",
          completion_date: "2026-10-02",
          credential_id: "NO-1",
        },
        {
          name: "Nguyễn Thị Minh Khai",
          learner_id: "vn-1",
          completion_date: "2026-10-03",
          credential_id: "VN-1",
        },
        { name: long, learner_id: "de-1", completion_date: "2026-10-04", credential_id: "DE-1" },
      ]
        .map((x) => JSON.stringify(x))
        .join("\n"),
    );
    const r = runCli(["issue", PROGRAM, "-l", file, "-o", join(dir, "out")]);
    expect(r.code).toBe(0);
    for (const [id, name] of [
      ["PL-1", "Łukasz Żółć"],
      ["NO-1", "Ingrid Ødegård"],
      ["VN-1", "Nguyễn Thị Minh Khai"],
    ]) {
      const { text } = await readPdf(join(dir, "out", `${id}.pdf`));
      expect(text.normalize("NFC")).toContain(name);
    }
    const { text } = await readPdf(join(dir, "out", "DE-1.pdf"));
    // The name wraps over several lines (after hyphens too): compare without white space.
    expect(text.replace(/\s+/g, "")).toContain(long.replace(/\s+/g, ""));
  });

  it("joins each personal page to the program's pages printed once: same pages, footers and outline", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    const r = runCli(["issue", PROGRAM, "-l", learnersCsv(dir, 5), "-o", out, "--batch-size", "2"]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("printed whole");
    const first = await readPdf(join(out, pdfs(out)[0] as string));
    const total = first.pages.length;
    expect(total).toBeGreaterThan(2);
    for (const f of pdfs(out)) {
      const { pages, outline } = await readPdf(join(out, f));
      expect(pages).toHaveLength(total);
      expect(pages[0]).toContain(`Credential ${f.replace(/\.pdf$/, "")}`);
      for (const [i, page] of pages.entries()) expect(page).toContain(`Page ${i + 1} of ${total}`);
      // The program's pages are the same in every learner's file.
      expect(pages.slice(1)).toEqual(first.pages.slice(1));
      expect(outline.map((o) => o.title)).toEqual(first.outline.map((o) => o.title));
      expect(JSON.stringify(outline)).toContain("Holder of the certificate");
    }
  });

  it("prints whole, and right, a supplement whose personal page runs over one page", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    const long = Array.from({ length: 150 }, (_, i) => `Outstanding project number ${i}.`).join(
      " ",
    );
    const file = learnersCsv(dir, 5, [`Lena Long,L-LONG,2026-11-01,LONG-1,,"${long}"`]);
    const r = runCli(["issue", PROGRAM, "-l", file, "-o", out, "--batch-size", "3"]);
    expect(r.code).toBe(0);
    expect(pdfs(out)).toHaveLength(6);
    expect(r.stderr).toMatch(/note: 3 of 6 supplements were printed whole/);
    const normal = await readPdf(
      join(out, `${deriveCredentialId("ms-pr-communications", "L-1000")}.pdf`),
    );
    const over = await readPdf(join(out, "LONG-1.pdf"));
    expect(over.pages.length).toBeGreaterThan(normal.pages.length);
    // The result runs over pages (a footer comes between): every sentence of it is there.
    const flat = over.text.replace(/\s+/g, " ");
    for (const n of [0, 75, 149]) expect(flat).toContain(`Outstanding project number ${n}.`);
    expect(over.pages[0]).toContain(`Page 1 of ${over.pages.length}`);
    expect(over.pages[0]).toContain("Credential LONG-1");
  });

  it("prints whole documents with a template that has no separate personal page", async () => {
    const dir = tmp();
    const template = join(dir, "template");
    mkdirSync(template);
    writeFileSync(
      join(template, "supplement.hbs"),
      '<!doctype html><html lang="{{lang}}"><head><meta charset="utf-8"><title>{{meta.title}}</title><style>{{styles}}</style></head><body><h1>{{program.title}}</h1>{{> holder}}</body></html>',
    );
    const out = join(dir, "out");
    const r = runCli(["issue", PROGRAM, "-l", learnersCsv(dir, 3), "-o", out, "-t", template]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("issued 3, failed 0");
    const { text, pages } = await readPdf(join(out, pdfs(out)[0] as string));
    expect(pages).toHaveLength(1);
    expect(text).toContain("Holder of the certificate");
  });

  it("reports bad rows with row and column, issues the others, and exits 1", () => {
    const dir = tmp();
    const file = learnersCsv(dir, 2, [
      ",L-9,2026-11-01,,,",
      "Bad Date,L-10,2026-02-30,,,",
      "Unsafe,L-11,2026-11-01,../x,,",
      "Twice,L-1000,2026-11-01,,,",
    ]);
    const r = runCli(["issue", PROGRAM, "-l", file, "-o", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:4 (name): error: the name is empty`);
    expect(r.stderr).toContain(
      `${file}:5 (completion_date): error: "2026-02-30" is not a date: February 2026 has 28 days, so there is no day 30`,
    );
    expect(r.stderr).toContain(
      `${file}:6 (credential_id): error: credential id "../x" may contain only letters, digits`,
    );
    expect(r.stderr).toContain(
      `${file}:7 (credential_id): error: credential id "${deriveCredentialId("ms-pr-communications", "L-1000")}" was already used by an earlier row`,
    );
    expect(r.stderr).toContain("issued 2, failed 4, skipped 0");
    expect(pdfs(join(dir, "out"))).toHaveLength(2);
  });

  it("refuses ragged rows and completions after the issue date, and issues the rest", () => {
    const dir = tmp();
    const file = learnersCsv(dir, 2, [
      "Extra,L13,2026-06-01,1,2,3,4",
      "Short,L14,2026-06-01",
      "Future,L15,2099-01-01,,,",
      '"Smith, Anna",L16,2026-06-01,,,',
      ",,,,,",
    ]);
    const r = runCli([
      "issue",
      PROGRAM,
      "-l",
      file,
      "-o",
      join(dir, "out"),
      "--issue-date",
      "2026-11-23",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${file}:4: error: the row has 7 fields, but the header has 6 columns`,
    );
    expect(r.stderr).toContain(
      `${file}:5: error: the row has 3 fields, but the header has 6 columns`,
    );
    expect(r.stderr).toContain(
      `${file}:6 (completion_date): error: the completion date 2099-01-01 is after the issue date 2026-11-23`,
    );
    expect(r.stderr).toContain("issued 3, failed 3, skipped 0");
    expect(pdfs(join(dir, "out"))).toHaveLength(3);
  });

  it("gives a header in other case or spacing a did-you-mean and issues nothing", () => {
    const { dir, file, r } = issueCsv("Name,Learner ID,completion_date\nA,L1,2026-11-01\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${file}:1 (Name): error: unknown column "Name"\n  hint: Did you mean "name"?`,
    );
    expect(r.stderr).toContain(
      `${file}:1 (Learner ID): error: unknown column "Learner ID"\n  hint: Did you mean "learner_id"?`,
    );
    expect(r.stderr).not.toContain("is missing");
    expect(pdfs(join(dir, "out"))).toHaveLength(0);
  });

  it("reports a header without a required column and issues nothing", () => {
    const { file, r } = issueCsv("name,learner,completion_date\nA,L1,2026-11-01\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:1 (learner): error: unknown column "learner"`);
    expect(r.stderr).toContain(
      `${file}:1 (learner_id): error: the required column "learner_id" is missing`,
    );
  });

  it("reports a malformed CSV at its line and a folder given as learners file, without an internal error", () => {
    const { dir, file, r } = issueCsv(
      'name,learner_id,completion_date\nAna,L1,2026-10-01\n"Bo,L2,2026-10-01\n',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3: error: a quoted field is not closed`);
    expect(r.stderr).toContain("issued 1, failed 1");
    const folder = runCli(["issue", PROGRAM, "-l", dir, "-o", join(dir, "out2")]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("a folder, not a learners file");
    expect(r.stderr + folder.stderr).not.toContain("internal error");
  });

  it("takes at most two pages per core printing at once, and says so", () => {
    const dir = tmp();
    writeFileSync(join(dir, "l.csv"), "name,learner_id,completion_date\nAna,L1,2026-10-01\n");
    const r = runCli(
      ["issue", PROGRAM, "-l", "l.csv", "-o", "out", "--concurrency", "1000", "--twins", "none"],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    const cores = cpus().length;
    expect(r.stderr).toContain(
      `note: --concurrency 1000 is more than ${cores} core${cores === 1 ? "" : "s"} can use; ${2 * cores} pages print at once`,
    );
  });

  it("with --resume skips learners whose complete PDF exists", () => {
    const dir = tmp();
    const out = join(dir, "out");
    const file = learnersCsv(dir, 6);
    expect(runCli(["issue", PROGRAM, "-l", file, "-o", out]).code).toBe(0);
    const [first, second] = pdfs(out);
    rmSync(join(out, first as string));
    writeFileSync(join(out, second as string), "%PDF-1.4 truncated"); // not complete: issued again
    const r = runCli(["issue", PROGRAM, "-l", file, "-o", out, "--resume"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("issued 2, failed 0, skipped 4");
    expect(r.stdout.trim().split("\n").sort()).toEqual(
      [join(out, first as string), join(out, second as string)].sort(),
    );
  });

  it("splits the learners into shards that never overlap and together cover everybody", () => {
    const dir = tmp();
    const file = learnersCsv(dir, 12);
    const a = runCli(["issue", PROGRAM, "-l", file, "-o", join(dir, "a"), "--shard", "1/2"]);
    const b = runCli(["issue", PROGRAM, "-l", file, "-o", join(dir, "b"), "--shard", "2/2"]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const inA = pdfs(join(dir, "a"));
    const inB = pdfs(join(dir, "b"));
    expect(inA.length + inB.length).toBe(12);
    expect(inA.filter((f) => inB.includes(f))).toEqual([]);
    expect(a.stderr).toContain(`${inB.length} in other shards`);
    expect(runCli(["issue", PROGRAM, "-l", file, "--shard", "3/2"]).code).toBe(2);
  });

  it("relaunches the browser when it is killed in the middle, and still issues everybody", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    let killed = false;
    let found = false;
    // Enough learners that printing goes on after the first PDF is written, when the kill lands.
    const r = await startCli(
      [
        "issue",
        PROGRAM,
        "-l",
        learnersCsv(dir, 240),
        "-o",
        out,
        "--timeout",
        "20000",
        "--concurrency",
        "2",
      ],
      () => {
        if (killed) return;
        killed = true;
        const main = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" })
          .split("\n")
          .find((l) => l.includes(`${TEST_TMP}/supplement-chromium-`) && !l.includes("--type="));
        if (!main) return;
        found = true;
        process.kill(Number(main.trim().split(/\s+/)[0]), "SIGKILL");
      },
      { env: { ...process.env, TMPDIR: TEST_TMP, NO_COLOR: "1" } },
    );
    expect(killed).toBe(true);
    expect(found).toBe(true);
    expect(r.code).toBe(0);
    expect(pdfs(out)).toHaveLength(240);
    // Said, not silent: when, that a new browser started, and how many documents were retried.
    const note =
      /note: at ([\d.]+) s the browser crashed or was killed; a new browser was started in [\d.]+ s, and the (\d+) documents? it was printing (?:was|were) tried again/.exec(
        r.stderr,
      );
    expect(note, r.stderr).not.toBeNull();
    const retried = Number(note?.[2]);
    expect(retried).toBeGreaterThan(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `issued 240, failed 0, skipped 0; browser restarted once, ${retried} documents? retried;`,
      ),
    );
    for (const f of pdfs(out))
      expect(readFileSync(join(out, f)).subarray(-6).toString()).toContain("%%EOF");
  });

  it("stops on SIGINT with exit 130, no partial file and no browser left", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    let sent = false;
    const r = await startCli(
      // Enough learners that the run is still printing when the signal lands.
      ["issue", PROGRAM, "-l", learnersCsv(dir, 80), "-o", out],
      (_c, child) => {
        if (!sent) {
          sent = true;
          child.kill("SIGINT");
        }
      },
      { env: { ...process.env, TMPDIR: TEST_TMP, NO_COLOR: "1" } },
    );
    expect(r.code).toBe(130);
    expect(expectOnlyWholeOutputs(out).length).toBeLessThan(80);
  });

  it("stops on SIGTERM while the browser starts with exit 130, leaving no profile and no browser", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    let sent = false;
    const r = await startCli(
      ["issue", PROGRAM, "-l", learnersCsv(dir, 20), "-o", out],
      () => {},
      { env: { ...process.env, TMPDIR: TEST_TMP, NO_COLOR: "1" } },
      (child) => {
        // As soon as the browser's process exists, before it has answered.
        const poll = setInterval(() => {
          const starting = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).includes(
            `${TEST_TMP}/supplement-chromium-`,
          );
          if (starting && !sent) {
            sent = true;
            clearInterval(poll);
            child.kill("SIGTERM");
          }
        }, 10);
        child.on("close", () => clearInterval(poll));
      },
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
