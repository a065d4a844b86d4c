/**
 * Finds a Chromium-family browser to print with, in this order: $PUPPETEER_EXECUTABLE_PATH,
 * a browser installed in Puppeteer's cache, then the usual system locations and $PATH.
 */
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { SupplementError } from "../errors.js";

export interface BrowserLocation {
  path: string;
  source: "env" | "puppeteer-cache" | "system";
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const SYSTEM_PATHS: Record<string, string[]> = {
  linux: [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome-stable",
    "/usr/bin/google-chrome",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
  ],
  darwin: [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
    join(homedir(), "Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
  ],
  win32: [
    join(
      process.env.PROGRAMFILES ?? "C:\\Program Files",
      "Google\\Chrome\\Application\\chrome.exe",
    ),
    join(
      process.env["PROGRAMFILES(X86)"] ?? "C:\\Program Files (x86)",
      "Google\\Chrome\\Application\\chrome.exe",
    ),
    join(process.env.LOCALAPPDATA ?? "", "Google\\Chrome\\Application\\chrome.exe"),
  ],
};
const PATH_NAMES = [
  "chromium",
  "chromium-browser",
  "google-chrome-stable",
  "google-chrome",
  "chrome",
];

/** Browsers installed with `npx @puppeteer/browsers install …` or by the full `puppeteer` package. */
async function fromPuppeteerCache(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer");
  try {
    statSync(cacheDir);
  } catch {
    return undefined;
  }
  try {
    const { getInstalledBrowsers } = await import("@puppeteer/browsers");
    const installed = await getInstalledBrowsers({ cacheDir });
    const rank = (b: string) =>
      b === "chrome-headless-shell" ? 0 : b === "chrome" ? 1 : b === "chromium" ? 2 : 9;
    const usable = installed
      .filter((b) => rank(b.browser) < 9)
      .sort(
        (a, b) =>
          rank(a.browser) - rank(b.browser) ||
          b.buildId.localeCompare(a.buildId, undefined, { numeric: true }),
      );
    return usable.map((b) => b.executablePath).find(isExecutable);
  } catch {
    return undefined;
  }
}

export interface FindBrowserOptions {
  env?: NodeJS.ProcessEnv;
  /** Where to look on this system; the platform's usual locations by default. */
  systemPaths?: readonly string[];
}

export async function findBrowser(options: FindBrowserOptions = {}): Promise<BrowserLocation> {
  const env = options.env ?? process.env;
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { path: fromEnv, source: "env" };
    let reason = "is not an executable file";
    try {
      statSync(fromEnv);
    } catch {
      reason = "does not exist";
    }
    throw new SupplementError("BROWSER_EXECUTABLE_INVALID", { path: fromEnv, reason });
  }
  const cached = await fromPuppeteerCache(env);
  if (cached) return { path: cached, source: "puppeteer-cache" };
  for (const p of options.systemPaths ?? SYSTEM_PATHS[process.platform] ?? []) {
    if (isExecutable(p)) return { path: p, source: "system" };
  }
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of PATH_NAMES) {
      const p = join(dir, process.platform === "win32" ? `${name}.exe` : name);
      if (isExecutable(p)) return { path: p, source: "system" };
    }
  }
  throw new SupplementError("BROWSER_NOT_FOUND");
}
