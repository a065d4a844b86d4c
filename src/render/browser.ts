/**
 * Finds a Chromium-family browser to print with, in this order: $PUPPETEER_EXECUTABLE_PATH,
 * a browser installed in Puppeteer's cache, then the usual system locations and $PATH.
 *
 * For printing, Chromium's headless shell comes first where it is installed (Debian's package
 * chromium-headless-shell, or Puppeteer's chrome-headless-shell): built from the same source, it
 * prints the same PDFs (same text, same structure tree, pixel-identical pages at 60 dpi) with less
 * CPU and memory, since it has no browser UI. Pages meant for people (preview, site) are looked at
 * in the full browser (`purpose: "view"`).
 */
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, delimiter, join } from "node:path";
import { SupplementError } from "../errors.js";

export interface BrowserLocation {
  path: string;
  source: "env" | "puppeteer-cache" | "system";
  /** Chromium's headless shell, which Puppeteer starts with `headless: "shell"`. */
  headlessShell: boolean;
}

/** Whether an executable is Chromium's headless shell (chrome-headless-shell, chromium-headless-shell). */
export function isHeadlessShell(path: string): boolean {
  return /headless[-_]shell/i.test(basename(path));
}

const located = (path: string, source: BrowserLocation["source"]): BrowserLocation => ({
  path,
  source,
  headlessShell: isHeadlessShell(path),
});

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
    // Debian's headless shell (package chromium-headless-shell); /usr/bin has a wrapper script.
    "/usr/lib/chromium/chromium-headless-shell",
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
  "chrome-headless-shell",
  "chromium-headless-shell",
  "chromium",
  "chromium-browser",
  "google-chrome-stable",
  "google-chrome",
  "chrome",
];

/** Browsers installed with `npx @puppeteer/browsers install …` or by the full `puppeteer` package. */
async function fromPuppeteerCache(
  env: NodeJS.ProcessEnv,
  purpose: BrowserPurpose,
): Promise<string | undefined> {
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer");
  try {
    statSync(cacheDir);
  } catch {
    return undefined;
  }
  try {
    const { getInstalledBrowsers } = await import("@puppeteer/browsers");
    const installed = await getInstalledBrowsers({ cacheDir });
    const shellRank = purpose === "print" ? 0 : 9;
    const rank = (b: string) =>
      b === "chrome-headless-shell" ? shellRank : b === "chrome" ? 1 : b === "chromium" ? 2 : 9;
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

/** What the browser is for: printing PDFs (a headless shell first), or showing pages (a full browser). */
export type BrowserPurpose = "print" | "view";

export interface FindBrowserOptions {
  env?: NodeJS.ProcessEnv;
  /** Where to look on this system; the platform's usual locations by default. */
  systemPaths?: readonly string[];
  /** "print" by default. */
  purpose?: BrowserPurpose;
}

export async function findBrowser(options: FindBrowserOptions = {}): Promise<BrowserLocation> {
  const env = options.env ?? process.env;
  const purpose = options.purpose ?? "print";
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return located(fromEnv, "env");
    let reason = "is not an executable file";
    try {
      statSync(fromEnv);
    } catch {
      reason = "does not exist";
    }
    throw new SupplementError("BROWSER_EXECUTABLE_INVALID", { path: fromEnv, reason });
  }
  const cached = await fromPuppeteerCache(env, purpose);
  if (cached) return located(cached, "puppeteer-cache");
  const system = options.systemPaths ?? SYSTEM_PATHS[process.platform] ?? [];
  const onPath = (env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) =>
      PATH_NAMES.map((name) => join(dir, process.platform === "win32" ? `${name}.exe` : name)),
    );
  const candidates = [...system, ...onPath].filter(isExecutable);
  // To view pages, a headless shell only when there is no full browser.
  const found =
    purpose === "view"
      ? (candidates.find((p) => !isHeadlessShell(p)) ?? candidates[0])
      : candidates[0];
  if (found) return located(found, "system");
  throw new SupplementError("BROWSER_NOT_FOUND");
}
