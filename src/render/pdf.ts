/**
 * HTML → PDF through one Chromium per invocation, reused for every document with a pool of pages.
 * Pages run no JavaScript and load nothing from the network: every request but data: is aborted,
 * except the shipped fonts' own URLs (FACE_ORIGIN), which are answered from the font packages.
 */
import type { ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
// Puppeteer's entry without its launcher (which loads @puppeteer/browsers and its download and
// proxy code): the browser is started by render/chromium.ts and only connected to here. Loads in
// about 75 ms instead of 160.
import puppeteer, {
  type Browser,
  type CDPSession,
  type ConnectionTransport,
  type HTTPRequest,
  type Page,
} from "puppeteer-core/lib/esm/puppeteer/puppeteer-core-browser.js";
import { faceFile } from "../fonts/fonts.js";
import { registerCleanup } from "../io/cleanup.js";
import type { BrowserLocation } from "./browser.js";
import {
  adopted,
  type ChromiumOptions,
  type ChromiumProcess,
  killProcesses,
  launchFailed,
  removeProfile,
  startChromium,
  stopChromium,
} from "./chromium.js";
import { decodeHtml, type HtmlDocument, inlineStatic } from "./html.js";

export interface RendererOptions extends ChromiumOptions {
  /**
   * A browser process already starting (startChromium), so that its start-up overlaps with
   * loading Puppeteer; started here when absent.
   */
  started?: Promise<ChromiumProcess>;
  /** Pages printing at once. */
  concurrency?: number;
  /** Per-document limit for loading and printing, in milliseconds. */
  timeoutMs?: number;
  /** Whether templates may run JavaScript (the default template needs none). */
  javascript?: boolean;
  /**
   * Documents a page prints before it is closed and replaced (default 50). A Chromium renderer
   * keeps 0.1 to 0.5 MB of every document it prints; a fresh page starts from its base size, so a
   * run of 10,000 documents takes about as much memory as a run of 500.
   */
  recycleAfter?: number;
  /**
   * A full garbage collection in each page's renderer before its second document and every this
   * many documents after that (off by default). The first document is loaded whole (the
   * template's styles and every font face parsed), and its garbage would otherwise stay for
   * seconds while the next ones print: at the start of an `issue` run, two renderers of about
   * 110 MB each instead of about 80. Later, each swapped-in document leaves some garbage until the
   * renderer's own collector runs. A collection takes 0.2 to 0.4 s of that page's time (measured
   * under load), while the pool's other pages go on printing: worth it for thousands of
   * documents, not for a few (build, preview).
   */
  collectGarbageEvery?: number;
}

export interface RenderResult {
  pdf: Uint8Array;
  /** URLs the page tried to load and was refused. */
  blocked: string[];
}

/**
 * For a long run of documents (issue): a full garbage collection in each page's renderer every
 * this many documents (see RendererOptions.collectGarbageEvery).
 */
export const LONG_RUN_GC_EVERY = 10;

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
  private readonly child: ChildProcess;
  private readonly profileDir: string;
  private readonly timeoutMs: number;
  private readonly javascript: boolean;
  private readonly idle: Page[] = [];
  private readonly blockedByPage = new WeakMap<Page, string[]>();
  /** The per-document font faces each page has loaded (see swapParts). */
  private readonly facesOf = new WeakMap<Page, Set<string>>();
  /** The static stylesheet each page has loaded (see swapParts). */
  private readonly shellOf = new WeakMap<Page, string>();
  private readonly waiters: { resolve: (page: Page) => void; reject: (e: Error) => void }[] = [];
  private pageCount = 0;
  private readonly printsByPage = new WeakMap<Page, number>();
  private readonly sessions = new WeakMap<Page, CDPSession>();
  private readonly recycleAfter: number;
  private readonly gcEvery: number | undefined;
  private closed = false;

  private constructor(browser: Browser, started: ChromiumProcess, options: RendererOptions) {
    this.browser = browser;
    this.child = started.child;
    this.location = started.location;
    this.profileDir = started.profileDir;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.javascript = options.javascript ?? false;
    this.recycleAfter = Math.max(1, options.recycleAfter ?? 50);
    this.gcEvery = options.collectGarbageEvery
      ? Math.max(1, options.collectGarbageEvery)
      : undefined;
  }

  /**
   * Connects to a browser over its DevTools pipe: one started here, or `options.started`. A
   * browser that exits, or is not ready within 30 s, fails with BROWSER_LAUNCH_FAILED and
   * Chromium's own reason; its process and profile are removed.
   */
  static async launch(options: RendererOptions = {}): Promise<PdfRenderer> {
    const started = await (options.started ?? startChromium(options));
    const { child, location, profileDir } = started;
    let timer: NodeJS.Timeout | undefined;
    const transport = new PipeTransport(started.input, started.output);
    try {
      const connecting = (async () => {
        const browser = await puppeteer.connect({
          transport,
          protocolTimeout: Math.max(60_000, (options.timeoutMs ?? 60_000) * 2),
        });
        // As Puppeteer's launch does: the tab Chromium opens is there before the first print (the
        // pool takes it as its first page; without it, the first print opens a tab of its own).
        // Not with browser.waitForTarget, whose 30 s timer outlives a browser killed meanwhile.
        if (!browser.targets().some((t) => t.type() === "page"))
          await new Promise<void>((resolve) => {
            const created = (t: { type(): string }) => {
              if (t.type() === "page") done();
            };
            const giveUp = setTimeout(() => done(), 5_000);
            const done = () => {
              clearTimeout(giveUp);
              browser.off("targetcreated", created);
              resolve();
            };
            browser.on("targetcreated", created);
          });
        return browser;
      })();
      // A browser that dies closes the pipe, and the protocol's error ("Target closed") can come
      // before its exit: its own reason on stderr, once it has exited, says what went wrong.
      const connected = connecting.catch(async (e: unknown) => {
        let wait: NodeJS.Timeout | undefined;
        await Promise.race([
          started.exited,
          new Promise((resolve) => {
            wait = setTimeout(resolve, 1_000);
          }),
        ]);
        clearTimeout(wait);
        const exited = child.exitCode !== null || child.signalCode !== null;
        throw exited && started.stderr().trim() ? new Error(started.stderr().trim()) : e;
      });
      connected.catch(() => {});
      const browser = await Promise.race([
        connected,
        started.exited.then(() => {
          throw new Error(
            started.stderr().trim() ||
              `the process ended (${child.signalCode ?? `exit code ${child.exitCode}`})`,
          );
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("it was not ready within 30 seconds")), 30_000);
        }),
      ]);
      const renderer = new PdfRenderer(browser, started, options);
      PdfRenderer.live.add(renderer);
      adopted(started);
      return renderer;
    } catch (e) {
      transport.close();
      adopted(started);
      stopChromium(child, profileDir);
      throw launchFailed(location, (e as Error).message ?? String(e), e);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Starts a browser for later use, so that its start-up overlaps with other work. A start that
   * fails is reported only to whoever awaits it (a run that prints nothing never sees it).
   */
  static start(options: RendererOptions = {}): Promise<PdfRenderer> {
    const launching = PdfRenderer.launch(options);
    launching.catch(() => {});
    return launching;
  }

  /** False once the browser has crashed, been killed or closed. */
  get connected(): boolean {
    return !this.closed && this.browser.connected;
  }

  /** The browser's process id, for tests and diagnostics. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get version(): Promise<string> {
    return this.browser.version();
  }

  /** Whether the tab Chromium opens at launch was taken as the pool's first page (no renderer sits idle). */
  private initialTabTaken = false;

  /**
   * Tabs being opened (a page replaced in the background, say). Closing waits for them: Puppeteer
   * waits for a new tab's target with a 30 s timer that a browser killed meanwhile leaves
   * running, which would keep the process alive that long after its work is done.
   */
  private readonly creating = new Set<Promise<Page>>();

  private async newPage(): Promise<Page> {
    let page: Page | undefined;
    if (!this.initialTabTaken) {
      this.initialTabTaken = true;
      page = (await this.browser.pages()).find((p) => p.url() === "about:blank");
    }
    if (!page) {
      const creating = this.browser.newPage();
      this.creating.add(creating);
      try {
        page = await creating;
      } finally {
        this.creating.delete(creating);
      }
    }
    await page.setJavaScriptEnabled(this.javascript);
    await page.setRequestInterception(true);
    page.on("request", (req: HTTPRequest) => {
      const url = req.url();
      const face = faceFile(url);
      if (face) {
        // A batch page's own copy of a shipped face (see FACE_ORIGIN), from the font packages.
        void req.respond({
          status: 200,
          contentType: "font/woff2",
          // Kept in the memory cache: a later batch's copy of the same face is not sent again.
          headers: { "access-control-allow-origin": "*", "cache-control": "max-age=86400" },
          body: face,
        });
      } else if (url.startsWith("data:") || url === "about:blank") {
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

  private release(page: Page, healthy: boolean, printed: boolean): void {
    const prints = (this.printsByPage.get(page) ?? 0) + (printed ? 1 : 0);
    this.printsByPage.set(page, prints);
    if (healthy && !this.closed && prints >= this.recycleAfter) {
      // Replace the page: closed first, so that two renderers of it never run at once.
      const replacing = page.close().then(
        () => this.newPage(),
        () => this.newPage(),
      );
      this.creating.add(replacing);
      replacing
        .finally(() => this.creating.delete(replacing))
        .then(
          (fresh) => this.hand(fresh),
          (e: Error) => {
            this.pageCount--;
            this.waiters.shift()?.reject(e);
          },
        );
      return;
    }
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
    this.hand(page);
  }

  /** Gives a page to the next waiting document, or keeps it idle. */
  private hand(page: Page): void {
    if (this.closed) {
      void page.close().catch(() => {});
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
  async render(doc: string | HtmlDocument): Promise<RenderResult> {
    const { pdf, blocked } = await this.withinTime(
      this.use(typeof doc === "string" ? { html: doc } : doc, true),
    );
    return { pdf: pdf as Uint8Array, blocked };
  }

  /**
   * Loads a document on a page without printing it: its styles and fonts stay loaded, so that the
   * next documents with the same static stylesheet are swapped in (see render). `issue` loads the
   * program's document on its second page while the first prints it, so that neither page starts
   * its first batch of learners from nothing.
   */
  async preload(doc: HtmlDocument): Promise<void> {
    await this.withinTime(this.use(doc, false));
  }

  private async withinTime<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no PDF after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async use(
    { html, staticCss }: HtmlDocument,
    print: boolean,
  ): Promise<{ pdf?: Uint8Array; blocked: string[] }> {
    if (this.closed) throw new Error("renderer is closed");
    const page = await this.acquire();
    const blocked: string[] = [];
    this.blockedByPage.set(page, blocked);
    let healthy = false;
    try {
      const prints = this.printsByPage.get(page) ?? 0;
      if (this.gcEvery && prints > 0 && (prints - 1) % this.gcEvery === 0)
        await this.collectGarbage(page);
      const parts = swapParts(html);
      const shell = staticCss ?? parts?.shell;
      if (parts && shell !== undefined && this.shellOf.get(page) === shell) {
        // Same template as the page's last document: keep its parsed fonts and styles, swap the rest.
        // Font faces stay once loaded: a batch of names in other scripts adds only the faces
        // this page has not parsed yet (a CJK slice is parsed once per page, not per batch).
        const loaded = this.facesOf.get(page) ?? new Set<string>();
        const fonts = parts.fonts.filter((rule) => !loaded.has(rule));
        for (const rule of fonts) loaded.add(rule);
        this.facesOf.set(page, loaded);
        await page.evaluate(
          (p: { lang: string; title: string; doc: string; body: string; fonts: string }) => {
            document.documentElement.lang = p.lang;
            document.title = p.title;
            if (p.fonts) {
              const style = document.createElement("style");
              style.textContent = p.fonts;
              document.head.appendChild(style);
            }
            const doc = document.getElementById("doc");
            if (doc) doc.textContent = p.doc;
            document.body.innerHTML = p.body;
            // New text may need another subset of a web font (a Cyrillic or Vietnamese name).
            return document.fonts.ready.then(() => undefined);
          },
          {
            lang: parts.lang,
            title: parts.title,
            doc: parts.doc,
            body: parts.body,
            fonts: fonts.join("\n"),
          },
        );
      } else {
        await page.setContent(inlineStatic({ html, ...(staticCss ? { staticCss } : {}) }), {
          waitUntil: "load",
          timeout: this.timeoutMs,
        });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        if (parts && shell !== undefined) this.shellOf.set(page, shell);
        else this.shellOf.delete(page);
        this.facesOf.set(page, new Set(parts?.fonts ?? []));
      }
      const pdf = print ? await this.printPdf(page) : undefined;
      healthy = true;
      return { ...(pdf ? { pdf } : {}), blocked };
    } finally {
      this.release(page, healthy, print);
    }
  }

  /** A full garbage collection in the page's renderer (see RendererOptions.collectGarbageEvery). */
  private async collectGarbage(page: Page): Promise<void> {
    const session = this.sessions.get(page);
    await session?.send("HeapProfiler.collectGarbage").catch(() => {});
  }

  /**
   * Page.printToPDF (A4 unless the CSS says otherwise, backgrounds, tagged, with an outline),
   * read back in chunks of 48 KB: small enough that no message is a large object on Node's heap,
   * which only a full garbage collection would free.
   */
  private async printPdf(page: Page): Promise<Uint8Array> {
    let session = this.sessions.get(page);
    if (!session) {
      session = await page.createCDPSession();
      this.sessions.set(page, session);
    }
    const { stream } = await session.send("Page.printToPDF", {
      transferMode: "ReturnAsStream",
      paperWidth: 8.27,
      paperHeight: 11.7,
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
      preferCSSPageSize: true,
      printBackground: true,
      generateTaggedPDF: true,
      generateDocumentOutline: true,
    });
    if (!stream) throw new Error("Chromium returned no PDF stream");
    const chunks: Buffer[] = [];
    try {
      for (;;) {
        const { data, base64Encoded, eof } = await session.send("IO.read", {
          handle: stream,
          size: 48 * 1024,
        });
        chunks.push(Buffer.from(data, base64Encoded ? "base64" : "latin1"));
        if (eof) break;
      }
    } finally {
      await session.send("IO.close", { handle: stream }).catch(() => {});
    }
    return Buffer.concat(chunks);
  }

  private rejectWaiters(): void {
    for (const w of this.waiters.splice(0)) w.reject(new Error("the browser was closed"));
  }

  /**
   * Stops the browser and removes its temporary profile. The browser's work is done and its
   * profile is thrown away, so there is nothing for a polite shutdown to save: its process group
   * is killed, which takes a few milliseconds instead of a hundred, and the profile is removed once
   * the main process has exited. No process is left either way.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    PdfRenderer.live.delete(this);
    this.rejectWaiters();
    if (this.creating.size) {
      let cap: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.creating]),
        new Promise((resolve) => {
          cap = setTimeout(resolve, 5_000);
        }),
      ]);
      clearTimeout(cap);
    }
    const proc = this.child;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5_000);
        proc.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      killProcesses(proc, this.profileDir);
      await exited;
    } else {
      killProcesses(proc, this.profileDir);
    }
    this.browser.disconnect().catch(() => {});
    removeProfile(this.profileDir);
  }

  /** Synchronous hard stop, for signal and exit handlers: kills the browser's whole process group. */
  kill(): void {
    this.closed = true;
    PdfRenderer.live.delete(this);
    this.rejectWaiters();
    stopChromium(this.child, this.profileDir);
  }
}

/**
 * The DevTools protocol over Chromium's pipe (`--remote-debugging-pipe`): each message is JSON
 * ended by a NUL byte, both ways. As Puppeteer's own pipe transport, which it does not export.
 */
class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private closed = false;
  private readonly onData = (chunk: Buffer) => this.dispatch(chunk);
  private readonly onEnd = () => this.onclose?.();
  private readonly ignore = () => {};

  constructor(
    private readonly input: Writable,
    private readonly output: Readable,
  ) {
    output.on("data", this.onData);
    output.on("close", this.onEnd);
    output.on("error", this.ignore);
    input.on("error", this.ignore);
  }

  send(message: string): void {
    if (this.closed) return;
    this.input.write(message);
    this.input.write("\0");
  }

  private dispatch(chunk: Buffer): void {
    if (this.closed) return;
    this.pending.push(chunk);
    if (chunk.indexOf(0) === -1) return;
    const all = this.pending.length === 1 ? chunk : Buffer.concat(this.pending);
    let start = 0;
    let end = all.indexOf(0);
    while (end !== -1) {
      const message = all.toString("utf8", start, end);
      // Handed over on a later turn, as Puppeteer's transport does: its connection expects it.
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
      end = all.indexOf(0, start);
    }
    this.pending = start >= all.length ? [] : [all.subarray(start)];
  }

  close(): void {
    this.closed = true;
    this.output.off("data", this.onData);
    this.output.off("close", this.onEnd);
  }
}

registerCleanup(() => PdfRenderer.killAll());

/**
 * The parts of a document that change between documents of one template. A template opts in by
 * putting its unchanging CSS (fonts included) in <style id="static"> and the per-document CSS in
 * <style id="doc">: a page then parses the fonts once, not for every document. Faces that only
 * some documents need are in <style id="fonts">, one rule a line; a page adds each once.
 */
export function swapParts(
  html: string,
):
  | { shell: string; lang: string; title: string; doc: string; body: string; fonts: string[] }
  | undefined {
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
    // The title was HTML-escaped by the template; document.title takes plain text.
    title: decodeHtml(title),
    doc,
    body: html.slice(bodyStart + "<body>".length, bodyEnd),
    // One @font-face rule a line (see render/html.ts).
    fonts: (/<style id="fonts">([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "")
      .split("\n")
      .filter((line) => line.startsWith("@font-face")),
  };
}
