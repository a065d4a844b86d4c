/**
 * `supplement preview` in a real browser: open the page, edit the YAML, and the page shows the
 * change within 2 s; break the YAML and a banner shows the position; fix it and the banner goes.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { findBrowser } from "../../src/render/browser.js";
import { assertBuilt, runCli, startCli } from "../helpers/cli.js";
import { leftoverProfiles, supplementBrowserProcesses, TEST_TMP } from "../helpers/processes.js";

let browser: Browser;
beforeAll(async () => {
  assertBuilt();
  const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
  browser = await puppeteer.launch({
    executablePath: (await findBrowser({ purpose: "view" })).path,
    headless: true,
    userDataDir: mkdtempSync(join(TEST_TMP, "viewer-")),
    args: runningAsRoot ? ["--no-sandbox"] : [],
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Polls the page (which reloads itself) until `check` holds; the time it took, in ms. */
async function until(page: Page, check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      if (await page.evaluate(check)) return Date.now() - started;
    } catch {
      // the page is reloading
    }
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe("supplement preview", () => {
  it("shows each edit within 2 s, a banner with the position for a broken YAML, and stops on Ctrl-C", async () => {
    const dir = mkdtempSync(join(TEST_TMP, "preview-"));
    expect(runCli(["init", dir, "--title", "First Title", "--yes"]).code).toBe(0);
    const file = join(dir, "programs/first-title.yaml");
    const original = readFileSync(file, "utf8");
    let url = "";
    let child: ChildProcess | undefined;
    onTestFinished(() => {
      if (child && child.exitCode === null) child.kill("SIGKILL");
    });
    const page = await browser.newPage();
    const cli = startCli(
      ["preview", "programs/first-title.yaml"],
      (chunk) => {
        url ||= chunk.trim().split("\n")[0] ?? "";
      },
      { cwd: dir, env: { ...process.env, TMPDIR: TEST_TMP, NO_COLOR: "1" } },
      (c) => {
        child = c;
      },
    );
    const started = Date.now();
    while (!url && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    await page.goto(url);
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("First Title");

    writeFileSync(file, original.replace('title: "First Title"', 'title: "Second Title"'));
    const took = await until(
      page,
      () => document.querySelector("h1")?.textContent === "Second Title",
      2000,
    );
    expect(took).toBeLessThan(2000);

    // A broken YAML: the banner names the file and position; the last good rendering stays.
    const broken = original.replace('title: "First Title"', 'title: "Second Title');
    writeFileSync(file, broken);
    await until(
      page,
      () =>
        /first-title\.yaml:\d+:\d+: error/.test(
          document.getElementById("supplement-preview-findings")?.textContent ?? "",
        ),
      2000,
    );
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("Second Title");
    writeFileSync(file, original.replace('title: "First Title"', 'title: "Third Title"'));
    await until(
      page,
      // The error goes; the example's one info finding (no quality assurance) stays listed.
      () =>
        !/: error:/.test(
          document.getElementById("supplement-preview-findings")?.textContent ?? "",
        ) && document.querySelector("h1")?.textContent === "Third Title",
      2000,
    );

    // A change in the module catalog shows too.
    const catalog = join(dir, "modules/shared.yaml");
    writeFileSync(
      catalog,
      readFileSync(catalog, "utf8").replace("Foundations of Data Analysis", "Data Analysis Basics"),
    );
    await until(
      page,
      () => document.body.textContent?.includes("Data Analysis Basics") ?? false,
      2000,
    );

    // Files the rendering does not read, written beside the program and the configuration (a
    // log, notes), render nothing.
    let renders = 0;
    child?.stderr?.on("data", (d: Buffer) => {
      renders += (d.toString().match(/ rendered/g) ?? []).length;
    });
    writeFileSync(join(dir, "preview.log"), "x");
    writeFileSync(join(dir, "programs/notes.txt"), "x");
    await new Promise((r) => setTimeout(r, 600));
    expect(renders).toBe(0);

    // The PDF link prints the current state.
    const pdf = await fetch(`${url}supplement.pdf`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    await page.close();
    // Ctrl-C: exit 130, and no browser or profile of the preview left.
    child?.kill("SIGINT");
    const r = await cli;
    expect(r.code).toBe(130);
    expect(supplementBrowserProcesses()).toEqual([]);
    expect(leftoverProfiles()).toEqual([]);
  });
});
