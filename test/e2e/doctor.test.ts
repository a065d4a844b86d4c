/** `supplement doctor` on a working setup and on a broken one, as a user would run it. */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../src/render/browser.js";
import { assertBuilt, runCli } from "../helpers/cli.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

interface Report {
  ok: boolean;
  checks: { id: string; ok: boolean; detail: string; fix?: string; blocks: boolean }[];
}

describe("supplement doctor", () => {
  it("reports every check as passing in the repository, in text and JSON", () => {
    const text = runCli(["doctor"]);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    for (const title of [
      "Node.js",
      "Platform",
      "Browser",
      "Fonts",
      "Configuration",
      "Module catalog",
      "Template",
      "Output folder",
    ])
      expect(text.stdout).toMatch(new RegExp(`✔ ${title}`));
    expect(text.stdout).toContain("printed a test page in every script");
    expect(text.stdout).toContain("Nothing blocks a build.");
    const json = runCli(["doctor", "-f", "json"]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      "node",
      "platform",
      "browser",
      "fonts",
      "config",
      "catalog",
      "template",
      "output",
      "signing",
    ]);
    expect(report.checks.find((c) => c.id === "catalog")?.detail).toContain("modules");
  });

  it("says which browser prints, and points at the headless shell when a full browser does", async () => {
    const full = await findBrowser({ purpose: "view" });
    const printer = await findBrowser();
    const tip = "chromium-headless-shell package";
    const byDefault = JSON.parse(runCli(["doctor", "-f", "json"]).stdout) as Report;
    const browser = byDefault.checks.find((c) => c.id === "browser");
    expect(browser?.detail).toContain(printer.path);
    if (printer.headlessShell) expect(browser?.detail).not.toContain(tip);
    const withFull = JSON.parse(
      runCli(["doctor", "-f", "json"], { env: { PUPPETEER_EXECUTABLE_PATH: full.path } }).stdout,
    ) as Report;
    const detail = withFull.checks.find((c) => c.id === "browser")?.detail;
    expect(detail).toContain(full.path);
    if (!full.headlessShell) expect(detail).toContain(tip);
  });

  it("names each problem that blocks a build with its fix, and exits 1", () => {
    const dir = mkdtempSync(join(TEST_TMP, "doctor-"));
    writeFileSync(
      join(dir, "supplement.config.yaml"),
      "rules:\n  fibaa/bogus: error\ncatalog: nowhere\n",
    );
    const r = runCli(["doctor", "-o", "/proc/x", "-f", "json"], {
      cwd: dir,
      env: { PUPPETEER_EXECUTABLE_PATH: join(dir, "no-browser") },
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => !c.ok).map((c) => c.id);
    expect(failed).toEqual(["browser", "config", "output"]);
    for (const c of report.checks.filter((k) => !k.ok)) expect(c.fix, c.id).toBeTruthy();
    const text = runCli(["doctor", "-o", "/proc/x"], {
      cwd: dir,
      env: { PUPPETEER_EXECUTABLE_PATH: join(dir, "no-browser") },
    });
    expect(text.stdout).toMatch(
      /✖ Browser .*does not exist\n\s+fix: Set PUPPETEER_EXECUTABLE_PATH/,
    );
    expect(text.stdout).toContain("3 problems block a build");
    // The probe of the output folder leaves nothing.
    expect(readdirSync(dir)).toEqual(["supplement.config.yaml"]);
  });
});
