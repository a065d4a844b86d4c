import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findBrowser } from "../../src/render/browser.js";

const tmp = () => mkdtempSync(join(tmpdir(), "supplement-browser-"));

function fakeExecutable(dir: string, name: string): string {
  const p = join(dir, name);
  writeFileSync(p, "#!/bin/sh\nexit 0\n");
  chmodSync(p, 0o755);
  return p;
}

describe("findBrowser", () => {
  it("takes $PUPPETEER_EXECUTABLE_PATH first", async () => {
    const exe = fakeExecutable(tmp(), "my-chrome");
    expect(
      await findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: exe, PATH: "" }, systemPaths: [] }),
    ).toEqual({
      path: exe,
      source: "env",
      headlessShell: false,
    });
  });

  it("says so when $PUPPETEER_EXECUTABLE_PATH points nowhere, instead of looking elsewhere", async () => {
    await expect(
      findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: "/no/such/chrome" } }),
    ).rejects.toMatchObject({
      code: "BROWSER_EXECUTABLE_INVALID",
      message: "PUPPETEER_EXECUTABLE_PATH points at /no/such/chrome, which does not exist",
    });
  });

  it("then takes a browser from Puppeteer's cache, before the system's", async () => {
    const cache = tmp();
    const dir = join(
      cache,
      "chrome-headless-shell",
      "linux-140.0.7339.82",
      "chrome-headless-shell-linux64",
    );
    mkdirSync(dir, { recursive: true });
    const exe = fakeExecutable(dir, "chrome-headless-shell");
    const system = fakeExecutable(tmp(), "chromium");
    const found = await findBrowser({
      env: { PUPPETEER_CACHE_DIR: cache, PATH: "" },
      systemPaths: [system],
    });
    expect(found).toEqual({ path: exe, source: "puppeteer-cache", headlessShell: true });
  });

  it("then the system's usual locations, then $PATH", async () => {
    const system = fakeExecutable(tmp(), "chromium");
    const empty = tmp();
    expect(
      await findBrowser({ env: { PUPPETEER_CACHE_DIR: empty, PATH: "" }, systemPaths: [system] }),
    ).toEqual({
      path: system,
      source: "system",
      headlessShell: false,
    });
    const bin = tmp();
    const onPath = fakeExecutable(bin, "google-chrome");
    symlinkSync(onPath, join(bin, "not-a-browser"));
    expect(
      await findBrowser({ env: { PUPPETEER_CACHE_DIR: empty, PATH: bin }, systemPaths: [] }),
    ).toEqual({
      path: onPath,
      source: "system",
      headlessShell: false,
    });
  });

  it("prints with a headless shell before a full browser, and shows pages in the full browser", async () => {
    const dir = tmp();
    const shell = fakeExecutable(dir, "chromium-headless-shell");
    const full = fakeExecutable(dir, "chromium");
    const env = { PUPPETEER_CACHE_DIR: tmp(), PATH: "" };
    expect(await findBrowser({ env, systemPaths: [shell, full] })).toEqual({
      path: shell,
      source: "system",
      headlessShell: true,
    });
    expect(await findBrowser({ env, systemPaths: [shell, full], purpose: "view" })).toEqual({
      path: full,
      source: "system",
      headlessShell: false,
    });
    // On $PATH too: Puppeteer's and Debian's names for it.
    const bin = tmp();
    const onPath = fakeExecutable(bin, "chrome-headless-shell");
    fakeExecutable(bin, "chromium");
    expect((await findBrowser({ env: { ...env, PATH: bin }, systemPaths: [] })).path).toBe(onPath);
    expect(
      (await findBrowser({ env: { ...env, PATH: bin }, systemPaths: [], purpose: "view" })).path,
    ).toBe(join(bin, "chromium"));
  });

  it("takes a headless shell named in $PUPPETEER_EXECUTABLE_PATH as one", async () => {
    const exe = fakeExecutable(tmp(), "chrome-headless-shell");
    expect(
      await findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: exe, PATH: "" }, systemPaths: [] }),
    ).toMatchObject({ path: exe, headlessShell: true });
  });

  it("explains the fix for Debian/Ubuntu, macOS and the variable when there is no browser", async () => {
    const error = await findBrowser({
      env: { PUPPETEER_CACHE_DIR: tmp(), PATH: "" },
      systemPaths: [],
    }).catch((e) => e);
    expect(error.code).toBe("BROWSER_NOT_FOUND");
    expect(error.exitCode).toBe(2);
    expect(error.hint).toContain("sudo apt-get install chromium");
    expect(error.hint).toContain("brew install --cask google-chrome");
    expect(error.hint).toContain("export PUPPETEER_EXECUTABLE_PATH=");
  });
});
