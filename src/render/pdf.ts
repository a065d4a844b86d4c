/**
 * HTML → PDF through one Chromium per invocation, reused for every document with a pool of pages.
 * Pages run no JavaScript and load nothing from the network: every request but data: is aborted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type HTTPRequest, type Page } from "puppeteer-core";
import { SupplementError } from "../errors.js";
import { registerCleanup } from "../io/cleanup.js";
import { type BrowserLocation, findBrowser } from "./browser.js";

export interface RendererOptions {
  /** A browser to use; found with findBrowser() when absent. */
  browser?: BrowserLocation;
  /** Pages printing at once. */
  concurrency?: number;
  /** Per-document limit for loading and printing, in milliseconds. */
  timeoutMs?: number;
  /** Chromium's sandbox cannot run as root; it is switched off there, and wherever this is true. */
  noSandbox?: boolean;
  /** Extra Chromium command-line switches. */
  args?: string[];
  /** Whether templates may run JavaScript (the default template needs none). */
  javascript?: boolean;
}

export interface RenderResult {
  pdf: Uint8Array;
  /** URLs the page tried to load and was refused. */
  blocked: string[];
}

const BASE_ARGS = [
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-sync",
  "--disable-domain-reliability",
  "--disable-features=Translate,MediaRouter,OptimizationHints",
  "--no-first-run",
  "--no-default-browser-check",
  "--font-render-hinting=none",
  "--mute-audio",
];

export class PdfRenderer {
  /** Renderers whose browser is running, so that signal handlers can stop them all. */
  private static readonly live = new Set<PdfRenderer>();

  /** Synchronously kills every running browser (for SIGINT/SIGTERM and exit handlers). */
  static killAll(): void {
    for (const r of PdfRenderer.live) r.kill();
  }

  readonly location: BrowserLocation;
  readonly concurrency: number;
  private readonly browser: Browser;
  private readonly profileDir: string;
  private readonly timeoutMs: number;
  private readonly javascript: boolean;
  private readonly idle: Page[] = [];
  private readonly blockedByPage = new WeakMap<Page, string[]>();
  private readonly waiters: ((page: Page) => void)[] = [];
  private pageCount = 0;
  private closed = false;

  private constructor(
    browser: Browser,
    location: BrowserLocation,
    profileDir: string,
    options: RendererOptions,
  ) {
    this.browser = browser;
    this.location = location;
    this.profileDir = profileDir;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.javascript = options.javascript ?? false;
  }

  static async launch(options: RendererOptions = {}): Promise<PdfRenderer> {
    const location = options.browser ?? (await findBrowser());
    const profileDir = mkdtempSync(join(tmpdir(), "supplement-chromium-"));
    const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
    const args = [...BASE_ARGS, ...(options.args ?? [])];
    if (options.noSandbox || runningAsRoot) args.push("--no-sandbox");
    try {
      const browser = await puppeteer.launch({
        executablePath: location.path,
        headless: true,
        pipe: true,
        userDataDir: profileDir,
        args,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: 30_000,
        protocolTimeout: Math.max(60_000, (options.timeoutMs ?? 60_000) * 2),
      });
      const renderer = new PdfRenderer(browser, location, profileDir, options);
      PdfRenderer.live.add(renderer);
      return renderer;
    } catch (e) {
      rmSync(profileDir, { recursive: true, force: true });
      const reason = ((e as Error).message ?? String(e)).split("\n")[0] ?? "unknown error";
      throw new SupplementError(
        "BROWSER_LAUNCH_FAILED",
        { path: location.path, reason },
        { cause: e },
      );
    }
  }

  /** The browser's process id, for tests and diagnostics. */
  get pid(): number | undefined {
    return this.browser.process()?.pid;
  }

  get version(): Promise<string> {
    return this.browser.version();
  }

  private async newPage(): Promise<Page> {
    const page = await this.browser.newPage();
    await page.setJavaScriptEnabled(this.javascript);
    await page.setRequestInterception(true);
    page.on("request", (req: HTTPRequest) => {
      const url = req.url();
      if (url.startsWith("data:") || url === "about:blank") {
        void req.continue();
      } else {
        this.blockedByPage.get(page)?.push(url);
        void req.abort("blockedbyclient");
      }
    });
    return page;
  }

  private async acquire(): Promise<Page> {
    const page = this.idle.pop();
    if (page) return page;
    if (this.pageCount < this.concurrency) {
      this.pageCount++;
      try {
        return await this.newPage();
      } catch (e) {
        this.pageCount--;
        throw e;
      }
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(page: Page, healthy: boolean): void {
    if (!healthy || this.closed) {
      this.pageCount--;
      void page.close().catch(() => {});
      // Let a waiter create a fresh page instead.
      const waiter = this.waiters.shift();
      if (waiter && !this.closed) {
        this.pageCount++;
        this.newPage().then(waiter, () => {
          this.pageCount--;
        });
      }
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(page);
    else this.idle.push(page);
  }

  /** Prints one HTML document to an A4 PDF (tagged, with an outline). */
  async render(html: string): Promise<RenderResult> {
    if (this.closed) throw new Error("renderer is closed");
    const page = await this.acquire();
    const blocked: string[] = [];
    this.blockedByPage.set(page, blocked);
    let healthy = false;
    try {
      await page.setContent(html, { waitUntil: "load", timeout: this.timeoutMs });
      const pdf = await page.pdf({
        format: "A4",
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        timeout: this.timeoutMs,
      });
      healthy = true;
      return { pdf, blocked };
    } finally {
      this.release(page, healthy);
    }
  }

  /** Closes the browser and removes its temporary profile. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    PdfRenderer.live.delete(this);
    try {
      await this.browser.close();
    } catch {
      this.kill();
    } finally {
      rmSync(this.profileDir, { recursive: true, force: true });
    }
  }

  /** Synchronous hard stop, for signal and exit handlers: kills the browser's whole process group. */
  kill(): void {
    this.closed = true;
    PdfRenderer.live.delete(this);
    const proc = this.browser.process();
    if (proc?.pid && proc.exitCode === null) {
      try {
        process.kill(-proc.pid, "SIGKILL");
      } catch {
        try {
          proc.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    try {
      rmSync(this.profileDir, { recursive: true, force: true });
    } catch {
      // best effort: the profile is in the temp folder
    }
  }
}

registerCleanup(() => PdfRenderer.killAll());
