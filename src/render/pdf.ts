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
  /** The static stylesheet each page has loaded (see swapParts). */
  private readonly shellOf = new WeakMap<Page, string>();
  private readonly waiters: { resolve: (page: Page) => void; reject: (e: Error) => void }[] = [];
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

  /** False once the browser has crashed, been killed or closed. */
  get connected(): boolean {
    return !this.closed && this.browser.connected;
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
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(page: Page, healthy: boolean): void {
    if (!healthy || this.closed) {
      this.pageCount--;
      void page.close().catch(() => {});
      // Let a waiter create a fresh page instead.
      const waiter = this.waiters.shift();
      if (waiter && !this.closed) {
        this.pageCount++;
        this.newPage().then(waiter.resolve, (e: Error) => {
          this.pageCount--;
          waiter.reject(e);
        });
      }
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(page);
    else this.idle.push(page);
  }

  /**
   * Prints one HTML document to an A4 PDF (tagged, with an outline). Whatever hangs (a crashed
   * tab, a hung browser), the document fails after the per-document time limit.
   */
  async render(html: string): Promise<RenderResult> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no PDF after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([this.renderOnce(html), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async renderOnce(html: string): Promise<RenderResult> {
    if (this.closed) throw new Error("renderer is closed");
    const page = await this.acquire();
    const blocked: string[] = [];
    this.blockedByPage.set(page, blocked);
    let healthy = false;
    try {
      const parts = swapParts(html);
      if (parts && this.shellOf.get(page) === parts.shell) {
        // Same template as the page's last document: keep its parsed fonts and styles, swap the rest.
        await page.evaluate(
          (p: { lang: string; title: string; doc: string; body: string }) => {
            document.documentElement.lang = p.lang;
            document.title = p.title;
            const doc = document.getElementById("doc");
            if (doc) doc.textContent = p.doc;
            document.body.innerHTML = p.body;
          },
          { lang: parts.lang, title: parts.title, doc: parts.doc, body: parts.body },
        );
      } else {
        await page.setContent(html, { waitUntil: "load", timeout: this.timeoutMs });
        if (parts) this.shellOf.set(page, parts.shell);
        else this.shellOf.delete(page);
      }
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

  private rejectWaiters(): void {
    for (const w of this.waiters.splice(0)) w.reject(new Error("the browser was closed"));
  }

  /** Closes the browser and removes its temporary profile. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    PdfRenderer.live.delete(this);
    this.rejectWaiters();
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
    this.rejectWaiters();
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

/**
 * The parts of a document that change between documents of one template. A template opts in by
 * putting its unchanging CSS (fonts included) in <style id="static"> and the per-document CSS in
 * <style id="doc">: a page then parses the fonts once, not for every document.
 */
export function swapParts(
  html: string,
): { shell: string; lang: string; title: string; doc: string; body: string } | undefined {
  const shell = /<style id="static">([\s\S]*?)<\/style>/.exec(html)?.[1];
  const doc = /<style id="doc">([\s\S]*?)<\/style>/.exec(html)?.[1];
  const bodyStart = html.indexOf("<body>");
  const bodyEnd = html.lastIndexOf("</body>");
  if (shell === undefined || doc === undefined || bodyStart < 0 || bodyEnd < bodyStart)
    return undefined;
  const title = /<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? "";
  return {
    shell,
    lang: /<html lang="([^"]*)"/.exec(html)?.[1] ?? "en",
    title: decodeEntities(title),
    doc,
    body: html.slice(bodyStart + "<body>".length, bodyEnd),
  };
}

/** The title was HTML-escaped by the template; document.title takes plain text. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, "`")
    .replace(/&#x3D;/g, "=")
    .replace(/&amp;/g, "&");
}
