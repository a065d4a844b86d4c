import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli, startCli } from "../helpers/cli.js";
import { readPdf } from "../helpers/pdf.js";
import { expectNothingLeftBehind } from "../helpers/processes.js";
import { programWith, ROOT } from "../helpers/programs.js";

const tmp = () => mkdtempSync(join(tmpdir(), "supplement-e2e-"));
const fixture = (name: string) => join(ROOT, "test/fixtures", name);
const program = (name: string) => join(ROOT, "programs", `${name}.yaml`);

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

describe("supplement build", () => {
  it("builds all four programs into the output folder and prints each path", async () => {
    const out = tmp();
    const r = runCli([
      "build",
      program("full-stack"),
      program("back-end"),
      program("front-end"),
      program("pr-communications"),
      "-o",
      out,
    ]);
    expect(r.code).toBe(0);
    const written = r.stdout.trim().split("\n").sort();
    expect(written).toEqual(
      ["back-end", "front-end", "full-stack", "pr-communications"].map((n) =>
        join(out, `${n}.pdf`),
      ),
    );
    expect(r.stderr.trim()).toBe("built 4 of 4 supplements");
    const credits = await Promise.all(
      ["full-stack", "back-end", "front-end", "pr-communications"].map(async (n) => {
        const { text } = await readPdf(join(out, `${n}.pdf`));
        return /rounded down: (\d+) ECTS credits/.exec(text.replace(/\s+/g, " "))?.[1];
      }),
    );
    expect(credits).toEqual(["16", "12", "8", "5"]);
    expect(readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("builds every program of a folder into out/ by default, relative to the working folder", () => {
    const cwd = tmp();
    mkdirSync(join(cwd, "programs"));
    copyFileSync(program("pr-communications"), join(cwd, "programs", "pr.yaml"));
    const r = runCli(["build", "programs"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join("out", "pr.pdf"));
    expect(existsSync(join(cwd, "out", "pr.pdf"))).toBe(true);
  });

  it("writes the HTML preview with --html", () => {
    const out = tmp();
    const r = runCli(["build", program("pr-communications"), "-o", out, "--html"]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(out, "pr-communications.html"), "utf8");
    expect(html).toContain("<title>Certificate Supplement: Microsoft Public Relations");
  });

  it("breaks a word longer than its column instead of shrinking the whole document to fit", async () => {
    const out = tmp();
    const token = `https://example.org/${"a".repeat(250)}`;
    writeFileSync(
      join(out, "long.yaml"),
      programWith((doc) => {
        doc.set("id", "long-words");
        doc.set("description", `See ${token} for details.`);
      }),
    );
    writeFileSync(
      join(out, "plain.yaml"),
      programWith(() => {}),
    );
    cpSync(join(ROOT, "modules"), join(out, "modules"), { recursive: true });
    const r = runCli(["build", join(out, "long.yaml"), join(out, "plain.yaml"), "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    const long = await readPdf(join(out, "long.pdf"));
    const plain = await readPdf(join(out, "plain.pdf"));
    // Shrunk to fit, the long document had fewer pages than the plain one (3 against 4).
    expect(long.pages.length).toBeGreaterThanOrEqual(plain.pages.length);
    expect(long.text.replace(/\s+/g, "")).toContain(token);
  });

  it("warns of what a custom template asked for from the network, which is left out", () => {
    const out = tmp();
    mkdirSync(join(out, "tpl/partials"), { recursive: true });
    writeFileSync(
      join(out, "tpl/partials/intro.hbs"),
      '<img src="https://cdn.example.org/seal.png"><link rel="stylesheet" href="https://cdn.example.org/x.css">',
    );
    const r = runCli(["build", program("pr-communications"), "-o", out, "-t", join(out, "tpl")]);
    expect(r.code, r.stderr).toBe(0);
    // issue says it too, once for the run however many documents asked.
    writeFileSync(
      join(out, "l.csv"),
      "name,learner_id,completion_date\nAna,L1,2026-10-01\nBo,L2,2026-10-01\n",
    );
    const issued = runCli([
      "issue", program("pr-communications"), "-l", join(out, "l.csv"), "-o", join(out, "issued"), "-t", join(out, "tpl"), "--twins", "none",
    ]); // biome-ignore format: one command
    expect(issued.code, issued.stderr).toBe(0);
    for (const url of ["https://cdn.example.org/seal.png", "https://cdn.example.org/x.css"]) {
      const warning = `warning: the document asked for ${url}; nothing is loaded from the network, so it is left out of the PDF`;
      expect(r.stderr).toContain(warning);
      expect(issued.stderr.split(warning).length - 1, url).toBe(1);
    }
  });

  it("reports a template error with its file and line, and exits 2", () => {
    const out = tmp();
    mkdirSync(join(out, "tpl/partials"), { recursive: true });
    writeFileSync(join(out, "tpl/partials/intro.hbs"), "<p>{{#each program.modules}}</p>");
    const r = runCli(["build", program("pr-communications"), "-o", out, "-t", join(out, "tpl")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `template ${join(out, "tpl/partials/intro.hbs")}:1: the file ends inside a block`,
    );
    expect(r.stderr).not.toMatch(/internal error|could not be printed|\n\s+at /);
  });

  it("reports a broken program with file:line:col, skips it, builds the rest and exits 1", () => {
    const out = tmp();
    const r = runCli([
      "build",
      fixture("invalid/country-name.yaml"),
      program("pr-communications"),
      "-o",
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${fixture("invalid/country-name.yaml")}:5:12: error: the text "Germany" is not an ISO 3166-1 alpha-2 country code [schema/enum]`,
    );
    expect(r.stderr).toContain("hint: Did you mean DE?");
    expect(r.stderr).toContain("built 1 of 2 supplements; 1 invalid");
    expect(readdirSync(out)).toEqual(["pr-communications.pdf"]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports YAML syntax errors with a code frame and exits 1", () => {
    const r = runCli(["build", fixture("invalid/syntax.yaml"), "-o", tmp()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${fixture("invalid/syntax.yaml")}:2:8: error: YAML syntax: a closing quote or bracket is missing`,
    );
    expect(r.stderr).toContain('> 2 | title: "Unterminated');
  });

  it("exits 2 for a missing file, naming every missing file, without a stack trace", () => {
    const r = runCli([
      "build",
      "/no/such/a.yaml",
      program("full-stack"),
      "/no/such/b.yaml",
      "-o",
      tmp(),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("supplement: error: /no/such/a.yaml: no such file or directory");
    expect(r.stderr).toContain("supplement: error: /no/such/b.yaml: no such file or directory");
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for an unreadable output folder", () => {
    const base = tmp();
    writeFileSync(join(base, "file"), "not a folder");
    const r = runCli(["build", program("full-stack"), "-o", join(base, "file", "out")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `supplement: error: ${join(base, "file", "out")}: cannot write output (a part of the path is a file, not a folder (ENOTDIR))`,
    );
  });

  it.runIf(process.platform === "linux")(
    "exits 2 at once for output folders that cannot be created under /proc (recursive mkdir loops there)",
    () => {
      for (const out of ["/proc/x", "/proc/x/y/z", "/proc/self/supplement-out"]) {
        const started = Date.now();
        const r = runCli(["build", program("full-stack"), "-o", out], { timeout: 10_000 });
        expect(r.code, `${out}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(`supplement: error: ${out}: cannot write output`);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(Date.now() - started).toBeLessThan(5_000);
      }
    },
  );

  it("exits 2 for a folder without programs, an unknown option or a missing argument", () => {
    expect(runCli(["build", tmp()]).code).toBe(2);
    const unknown = runCli(["build", program("full-stack"), "--bogus"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    expect(runCli(["build"]).code).toBe(2);
    expect(runCli(["biuld", "x"]).stderr).toContain("Did you mean build?");
  });

  it("refuses two inputs that would write the same output", () => {
    const dir = tmp();
    mkdirSync(join(dir, "a"));
    copyFileSync(program("pr-communications"), join(dir, "a", "full-stack.yaml"));
    const r = runCli([
      "build",
      program("full-stack"),
      join(dir, "a", "full-stack.yaml"),
      "-o",
      tmp(),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("would both write");
  });

  it("explains a wrong PUPPETEER_EXECUTABLE_PATH and exits 2, with no stack trace", () => {
    const r = runCli(["build", program("full-stack"), "-o", tmp()], {
      env: { PUPPETEER_EXECUTABLE_PATH: "/opt/none/chrome" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "supplement: error: PUPPETEER_EXECUTABLE_PATH points at /opt/none/chrome, which does not exist",
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("uses the credit policy of supplement.config.yaml found above the working folder", async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, "supplement.config.yaml"), "creditPolicy:\n  rounding: half-up\n");
    mkdirSync(join(cwd, "sub"));
    writeFileSync(
      join(cwd, "sub", "fs.yaml"),
      programWith((doc) => doc.delete("declared")),
    );
    const r = runCli(["build", "fs.yaml", "-o", "."], { cwd: join(cwd, "sub") });
    expect(r.code).toBe(0);
    const { text } = await readPdf(join(cwd, "sub", "fs.pdf"));
    expect(text.replace(/\s+/g, " ")).toContain(
      "rounded to the nearest credit (halves up): 17 ECTS credits",
    );
  });

  it("reports a broken configuration file with its position and exits 2", () => {
    const cwd = tmp();
    writeFileSync(
      join(cwd, "supplement.config.yaml"),
      "creditPolicy:\n  hoursPerCredit: 40\n  roundng: floor\n",
    );
    const r = runCli(["build", program("full-stack")], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "supplement.config.yaml:2:19: error: `creditPolicy.hoursPerCredit` must be at most 30, found the number 40 [config/maximum]",
    );
    expect(r.stderr).toContain(
      "unknown field `roundng` in `creditPolicy` [config/additionalProperties]",
    );
    expect(r.stderr).toContain("Did you mean `rounding`?");
  });

  it("prints its version and help with examples", () => {
    const version = runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
    );
    const help = runCli(["build", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("-o, --out <dir>");
  });

  it("stops cleanly on SIGINT: exit 130, no partial file, no browser left", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    const files: string[] = [];
    for (let i = 0; i < 12; i++) {
      const f = join(dir, `p${String(i).padStart(2, "0")}.yaml`);
      writeFileSync(
        f,
        programWith((doc) => doc.set("id", `p-${i}`)),
      );
      files.push(f);
    }
    let sent = false;
    const r = await startCli(
      ["build", ...files, "-o", out, "--concurrency", "2"],
      (_chunk, child) => {
        if (!sent) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    );
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("interrupted by SIGINT");
    const left = readdirSync(out);
    expect(left.filter((f) => !f.endsWith(".pdf"))).toEqual([]);
    expect(left.length).toBeLessThan(12);
    // Every PDF that was written is complete.
    for (const f of left)
      expect(readFileSync(join(out, f)).subarray(-6).toString()).toContain("%%EOF");
  });
});
