/**
 * The verification site, end to end: issue with a verification address on a local static
 * server, decode the QR code from the rendered first page (zbarimg), open the address in real
 * Chromium, see the holder and "Valid"; revoke, rebuild the site, see "Revoked".
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/render/browser.js";
import { assertBuilt, runCli, startCli } from "../helpers/cli.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

const PROGRAM = join(ROOT, "programs/examples/branded.yaml");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

describe("supplement site", () => {
  it("the QR code on an issued PDF leads to its page, valid, then revoked", async () => {
    const dir = mkdtempSync(join(TEST_TMP, "site-"));
    writeFileSync(
      join(dir, "l.csv"),
      "name,learner_id,completion_date,credential_id,email\n" +
        "Ana Sol Ødegård,L1,2026-06-01,EX-0001,ana@example.org\n" +
        "王小明,L2,2026-06-02,EX-0002,wang@example.org\n",
    );
    const port = await freePort();
    const issued = runCli(
      [
        "issue",
        PROGRAM,
        "-l",
        "l.csv",
        "-o",
        "out",
        "--issue-date",
        "2026-07-01",
        "--verify-url",
        `http://127.0.0.1:${port}/verify/{credential_id}`,
      ],
      { cwd: dir },
    );
    expect(issued.code, issued.stderr).toBe(0);
    const built = runCli(["site", "--register", "out", "-o", "site"], { cwd: dir });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain("site: 2 credential pages (0 revoked), 1 status list");
    // The page: the name, never the e-mail, noindex.
    const html = readFileSync(join(dir, "site/verify/EX-0001/index.html"), "utf8");
    expect(html).toContain("Ana Sol Ødegård");
    expect(html).not.toContain("@example.org");
    expect(html).not.toContain("L1");
    expect(html).toContain('name="robots" content="noindex');
    expect(readdirSync(join(dir, "site/verify/EX-0001")).sort()).toEqual([
      "EX-0001.edc.jsonld",
      "EX-0001.ob3.json",
      "index.html",
    ]);

    // The QR code, read from the rendered first page.
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "150",
      "-f",
      "1",
      "-l",
      "1",
      join(dir, "out/EX-0001.pdf"),
      join(dir, "page"),
    ]);
    const png = readdirSync(dir).find((f) => f.startsWith("page") && f.endsWith(".png")) as string;
    const url = execFileSync("zbarimg", ["--raw", "-q", join(dir, png)], {
      encoding: "utf8",
    }).trim();
    expect(url).toBe(`http://127.0.0.1:${port}/verify/EX-0001`);

    let stop: (() => void) | undefined;
    const serving = startCli(
      ["site", "--register", "out", "-o", "site", "--serve", "--port", String(port)],
      () => {},
      { cwd: dir },
      (child) => {
        stop = () => child.kill("SIGINT");
      },
    );
    const browser = await puppeteer.launch({
      executablePath: (await findBrowser({ purpose: "view" })).path,
      headless: true,
      userDataDir: mkdtempSync(join(TEST_TMP, "chromium-")),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    });
    try {
      const page = await browser.newPage();
      // The server is up once it answers.
      for (let i = 0; i < 50; i++) {
        try {
          const r = await page.goto(url);
          if (r?.ok()) break;
        } catch {
          // not yet listening
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      let text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain("Ana Sol Ødegård");
      expect(await page.$eval("#status", (e) => e.getAttribute("data-status"))).toBe("valid");
      expect(text).toContain("Valid");

      expect(
        runCli(["revoke", "EX-0001", "--reason", "issued in error", "--register", "out"], {
          cwd: dir,
        }).code,
      ).toBe(0);
      expect(runCli(["site", "--register", "out", "-o", "site"], { cwd: dir }).code).toBe(0);
      await page.goto(url);
      text = await page.evaluate(() => document.body.innerText);
      expect(await page.$eval("#status", (e) => e.getAttribute("data-status"))).toBe("revoked");
      expect(text).toMatch(/Revoked on \d{4}-\d{2}-\d{2}/);
      // The status list says so too, and verify reads it from the site.
      const v = runCli(["verify", "out/EX-0001.pdf", "--allow-untrusted", "--site", "site"], {
        cwd: dir,
      });
      expect(v.stdout).toContain("✘ status: revoked");
      const other = runCli(["verify", "out/EX-0002.pdf", "--allow-untrusted", "--site", "site"], {
        cwd: dir,
      });
      expect(other.stdout).toContain("✔ status: not revoked");
    } finally {
      await browser.close();
      stop?.();
      await serving;
    }
  });
});

describe("site --serve on a port it cannot use", () => {
  it("refuses a port that is not a port before building, and a taken port with exit 2", async () => {
    const dir = mkdtempSync(join(TEST_TMP, "site-port-"));
    const bad = runCli(["site", "-o", "site", "--serve", "--port", "abc"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected a port number from 1 to 65535");
    expect(readdirSync(dir)).toEqual([]);
    // A port another server holds: the error names it, and no stack trace or "internal error".
    mkdirSync(join(dir, "out/issued"), { recursive: true });
    writeFileSync(join(dir, "out/issued/register.jsonl"), "");
    const holder = createServer();
    await new Promise<void>((ok) => holder.listen(0, "127.0.0.1", () => ok()));
    const port = (holder.address() as { port: number }).port;
    try {
      const taken = runCli(["site", "-o", "site", "--serve", "--port", String(port)], {
        cwd: dir,
      });
      expect(taken.code).toBe(2);
      expect(taken.stderr).toContain(`cannot serve on 127.0.0.1:${port} (the port is in use)`);
      expect(taken.stderr).not.toContain("internal error");
    } finally {
      holder.close();
    }
  });
});
