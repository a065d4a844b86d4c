/**
 * Starts Chromium's process for printing, without Puppeteer: this module loads nothing heavy, so a
 * command can start the browser first thing and load Puppeteer (about 0.15 s), read and check its
 * input while the browser starts on the other core. The renderer (render/pdf.ts) then talks to
 * it over the DevTools pipe (file descriptors 3 and 4, `--remote-debugging-pipe`), as Puppeteer's
 * own launch does.
 *
 * Also the adapter for the browser's process group and its profile folder: killing, waiting until
 * gone, removing the profile, on exit and on signals too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { SupplementError } from "../errors.js";
import { registerCleanup } from "../io/cleanup.js";
import { type BrowserLocation, findBrowser } from "./browser.js";

export interface ChromiumOptions {
  /** A browser to use; found with findBrowser() when absent. */
  browser?: BrowserLocation;
  /** Chromium's sandbox cannot run as root; it is switched off there, and wherever this is true. */
  noSandbox?: boolean;
  /** Extra Chromium command-line switches. */
  args?: string[];
}

/**
 * The switches Puppeteer's launch gives Chromium (puppeteer-core 24, `puppeteer.defaultArgs()`;
 * a unit test compares the two), less the feature lists, which are merged with ours below.
 */
export const PUPPETEER_DEFAULT_ARGS = [
  "--allow-pre-commit-input",
  "--disable-background-networking",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
  "--disable-breakpad",
  "--disable-client-side-phishing-detection",
  "--disable-component-extensions-with-background-pages",
  "--disable-crash-reporter",
  "--disable-default-apps",
  "--disable-dev-shm-usage",
  "--disable-hang-monitor",
  "--disable-infobars",
  "--disable-ipc-flooding-protection",
  "--disable-popup-blocking",
  "--disable-prompt-on-repost",
  "--disable-renderer-backgrounding",
  "--disable-search-engine-choice-screen",
  "--disable-sync",
  "--enable-automation",
  "--export-tagged-pdf",
  "--force-color-profile=srgb",
  "--generate-pdf-document-outline",
  "--metrics-recording-only",
  "--no-first-run",
  "--password-store=basic",
  "--use-mock-keychain",
  "--hide-scrollbars",
  "--mute-audio",
  "--disable-extensions",
];
export const PUPPETEER_DISABLED_FEATURES = [
  "Translate",
  "AcceptCHFrame",
  "MediaRouter",
  "OptimizationHints",
  "WebUIReloadButton",
  "ProcessPerSiteUpToMainFrameThreshold",
  "IsolateSandboxedIframes",
];
export const PUPPETEER_ENABLED_FEATURES = ["PdfOopif"];

/** supplement's own switches, for printing. */
const OWN_ARGS = [
  "--disable-gpu",
  // Printing needs no raster fallback; without it the GPU process is about 15 MB smaller.
  "--disable-software-rasterizer",
  "--disable-component-update",
  "--disable-domain-reliability",
  "--no-default-browser-check",
  "--font-render-hinting=none",
  // Each document's DOM is garbage once the next one is swapped in; collected early, a page's
  // renderer stays near its starting size (about 80 MB) instead of growing by 0.5 MB a document.
  "--js-flags=--optimize-for-size",
];
/**
 * The headless shell's own: frames are made only when asked for over DevTools, which supplement
 * never does. Printing lays a page out and paints it itself; the frames a page otherwise gets
 * after each change (style, layout, paint, and a GPU process compositing them) went nowhere.
 * Chromium's CPU per batch of 16 learners, replaying a run's batches: 184 to 204 ms against 202
 * to 209; the GPU process no longer works at all. (A switch of the shell only: the full browser's
 * headless mode has no such switch.)
 */
const SHELL_ARGS = ["--enable-begin-frame-control"];
/**
 * Not started: the omnibox pop-ups, WebUI pages Chromium preloads in a renderer of their own
 * (about 60 MB), and a spare renderer waiting for a navigation that never comes (about 20 MB).
 */
const OWN_DISABLED_FEATURES = [
  "WebUIOmniboxPopup",
  "WebUIOmniboxAimPopup",
  "SpareRendererForSitePerProcess",
];
/** The network service runs inside the browser process (about 25 MB less); pages load nothing anyway. */
const OWN_ENABLED_FEATURES = ["NetworkServiceInProcess2"];

/** The whole command line (after the executable), for a browser with this profile. */
export function chromiumArgs(
  location: BrowserLocation,
  profileDir: string,
  options: Pick<ChromiumOptions, "args" | "noSandbox"> = {},
): string[] {
  const extra = options.args ?? [];
  const features = (flag: string, base: string[]) => {
    const given = extra
      .filter((a) => a.startsWith(`${flag}=`))
      .flatMap((a) => a.slice(flag.length + 1).split(","));
    return `${flag}=${[...new Set([...base, ...given].filter(Boolean))].join(",")}`;
  };
  const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return [
    ...new Set([...PUPPETEER_DEFAULT_ARGS, ...OWN_ARGS]),
    features("--disable-features", [...PUPPETEER_DISABLED_FEATURES, ...OWN_DISABLED_FEATURES]),
    features("--enable-features", [...PUPPETEER_ENABLED_FEATURES, ...OWN_ENABLED_FEATURES]),
    ...extra.filter((a) => !/^--(disable|enable)-features=/.test(a)),
    ...(location.headlessShell ? ["--headless", ...SHELL_ARGS] : ["--headless=new"]),
    `--user-data-dir=${profileDir}`,
    ...(options.noSandbox || runningAsRoot ? ["--no-sandbox"] : []),
    "--remote-debugging-pipe",
    "about:blank",
  ];
}

/** A Chromium process started for printing, not yet connected to. */
export interface ChromiumProcess {
  location: BrowserLocation;
  profileDir: string;
  child: ChildProcess;
  /** The DevTools pipe: commands are written to `input`, answers and events read from `output`. */
  input: Writable;
  output: Readable;
  /** The last few kilobytes Chromium wrote to stderr (its reason, when it does not start). */
  stderr(): string;
  /** Resolves when the process has exited (or failed to start). */
  exited: Promise<void>;
}

/** Started but not yet handed to a renderer: killed by killStarting() (signals, exit). */
const starting = new Set<ChromiumProcess>();

/**
 * Starts Chromium with a profile of its own in the temp folder. Its failure to start is reported
 * by the renderer that connects to it (BROWSER_LAUNCH_FAILED), or here when it cannot be spawned.
 */
export async function startChromium(options: ChromiumOptions = {}): Promise<ChromiumProcess> {
  const location = options.browser ?? (await findBrowser());
  const profileDir = mkdtempSync(join(tmpdir(), "supplement-chromium-"));
  const browserTmp = browserTempDir(profileDir);
  let child: ChildProcess;
  try {
    child = spawn(location.path, chromiumArgs(location, profileDir, options), {
      // Its own process group, so that one signal stops the browser and all its helpers.
      detached: true,
      env: { ...process.env, TMPDIR: browserTmp, TMP: browserTmp, TEMP: browserTmp },
      stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
    });
  } catch (e) {
    removeProfile(profileDir);
    throw launchFailed(location, (e as Error).message ?? String(e), e);
  }
  let tail = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-4096);
  });
  let stderrEnded = false;
  child.stderr?.once("end", () => {
    stderrEnded = true;
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once("exit", () => {
      // What it wrote last (its reason) may still be on its way: read to the end, briefly.
      if (stderrEnded || !child.stderr) return resolve();
      const timer = setTimeout(resolve, 250);
      child.stderr.once("end", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    child.once("error", (e) => {
      tail += `\n${e.message}`;
      resolve();
    });
  });
  const started: ChromiumProcess = {
    location,
    profileDir,
    child,
    input: child.stdio[3] as Writable,
    output: child.stdio[4] as Readable,
    stderr: () => tail,
    exited,
  };
  starting.add(started);
  return started;
}

/** Handed over to a renderer, which stops it from then on. */
export function adopted(started: ChromiumProcess): void {
  starting.delete(started);
}

export function launchFailed(
  location: BrowserLocation,
  reason: string,
  cause?: unknown,
): SupplementError {
  return new SupplementError(
    "BROWSER_LAUNCH_FAILED",
    { path: location.path, reason: reason.split("\n").find((l) => l.trim()) ?? "unknown error" },
    cause ? { cause } : {},
  );
}

/**
 * Kills a browser's whole process group and any helper that left it (found by the profile named
 * in its command line), waits until they are gone, and removes the profile.
 */
export function stopChromium(child: ChildProcess, profileDir: string): void {
  killProcesses(child, profileDir);
  removeProfile(profileDir);
}

export function killProcesses(child: ChildProcess, profileDir: string): void {
  const killed: number[] = child.pid ? [child.pid] : [];
  if (child.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  // Helpers that left the browser's process group (a crash handler) would go on writing into
  // the profile after it is removed: found by their command line, which names the profile.
  for (const pid of processesUsing(profileDir)) {
    killed.push(pid);
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  // SIGKILL takes effect when the process is next scheduled: until then it may still create
  // files in the profile. Waited for (at most a second), so that the removal that follows is final.
  waitUntilGone([...killed, ...processesUsing(profileDir)]);
}

/** Synchronously stops every browser not yet handed to a renderer (signal and exit handlers). */
export function killStarting(): void {
  for (const s of starting) stopChromium(s.child, s.profileDir);
  starting.clear();
}

/** Whether a process still runs (a zombie, dead but not yet reaped, does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Waits, synchronously (it runs in signal handlers too), until the processes are gone. */
function waitUntilGone(pids: number[], limitMs = 1000): void {
  const deadline = Date.now() + limitMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (pids.some(running) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 5);
}

/**
 * Chromium's socket for its process singleton is made at
 * `$TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket`; a Unix socket's path holds at most 107
 * bytes, so the longest temp folder Chromium can start with is about 60 characters.
 */
const MAX_BROWSER_TMP = 55;

/** Short temp folders made for a profile whose own path is too long (see browserTempDir). */
const extraTmp = new Map<string, string>();

/**
 * Where Chromium keeps its own temp files (the singleton socket's folder, and shared memory with
 * --disable-dev-shm-usage): the profile folder itself, so that removing the profile, even after
 * an interrupted run, removes them too. Where that path is too long for a socket, a short
 * private folder under /tmp, removed with the profile.
 */
function browserTempDir(profileDir: string): string {
  if (profileDir.length <= MAX_BROWSER_TMP) return profileDir;
  for (const base of ["/tmp", "/var/tmp"]) {
    try {
      const dir = mkdtempSync(join(base, "supplement-t-"));
      extraTmp.set(profileDir, dir);
      return dir;
    } catch {
      // not there or not writable: try the next
    }
  }
  // Inherited: Chromium's files are then left where TMPDIR points.
  return tmpdir();
}

/**
 * Removes a browser profile (and the short temp folder made for it). A browser killed a moment
 * ago may still be writing into it, which makes a removal fail with ENOTEMPTY: tried again a few
 * times, 20 ms apart.
 */
export function removeProfile(dir: string): void {
  for (const path of [dir, extraTmp.get(dir)]) {
    if (!path) continue;
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    } catch {
      // best effort: the profile is in the temp folder
    }
  }
  extraTmp.delete(dir);
}

/** Processes whose command line names `dir` (a browser and its helpers, by profile), on Linux. */
function processesUsing(dir: string): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(dir)) found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

registerCleanup(killStarting);
