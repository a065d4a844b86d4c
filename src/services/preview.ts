/**
 * `preview`: the supplement of one program, served on 127.0.0.1 and rendered again whenever the
 * program, its catalog, the configuration or the template changes. The page reloads itself over
 * Server-Sent Events. Findings show in a banner; a program that does not load keeps the last good
 * rendering under the banner. /supplement.pdf prints the current state with build's renderer.
 */

import { createHash } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, dirname, resolve } from "node:path";
import type { Lang } from "../core/i18n/index.js";
import { escapeMarkup } from "../core/text.js";
import { buildView } from "../core/view.js";
import { catalogDirs, loadCatalogs } from "../io/catalog.js";
import { findConfigFile, loadConfig, ruleSettings } from "../io/config.js";
import { listenOnLoopback } from "../io/listen.js";
import { DEFAULT_TEMPLATE_DIR, packageVersion } from "../paths.js";
import { loadTemplateSet } from "../render/html.js";
import { applyMetadata, viewMetadata } from "../render/metadata.js";
import { PdfRenderer } from "../render/pdf.js";
import { formatDiagnostics } from "../report/diagnostics.js";
import { analyzeFiles } from "./analyze.js";

export interface PreviewOptions {
  file: string;
  cwd: string;
  config?: string;
  templateDir?: string;
  langs?: readonly Lang[];
  /** 0: a free port. */
  port?: number;
  /** Called with each rendering's findings (or "" when there are none), for the terminal. */
  onFindings?: (text: string) => void;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
  /** Renders now (the watchers call it too, debounced). */
  refresh(): Promise<void>;
}

/** Reloads the page when the server says so; the only script, and only in the preview. */
const RELOAD = `<script>new EventSource("/events").onmessage = () => location.reload();</script>`;

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const file = resolve(options.cwd, options.file);
  let good: { html: string; view: ReturnType<typeof buildView> } | undefined;
  let banner = "";
  let version = 0;
  const clients = new Set<ServerResponse>();
  let renderer: Promise<PdfRenderer> | undefined;
  let watched: string[] = [];

  const render = async () => {
    let findings = "";
    try {
      const loaded = await loadConfig(options.config ?? findConfigFile(dirname(file)), options.cwd);
      const sources = new Map<string, string>(
        loaded.text && loaded.file ? [[loaded.file, loaded.text]] : [],
      );
      if (loaded.diagnostics.length) {
        findings = formatDiagnostics(loaded.diagnostics, { color: false, sources });
      } else {
        const config = loaded.config;
        const configured =
          config.catalog === undefined ? undefined : ([] as string[]).concat(config.catalog);
        const dirs = catalogDirs(configured, [file], options.cwd);
        const catalogs = loadCatalogs(dirs, options.cwd);
        watched = [
          file,
          ...(loaded.file ? [loaded.file] : []),
          ...(dirs.get(file) ?? []),
          options.templateDir ?? config.build?.template ?? DEFAULT_TEMPLATE_DIR,
        ];
        const langs = options.langs ?? ["en"];
        const { analyses } = await analyzeFiles([file], {
          ...(config.creditPolicy ? { policy: config.creditPolicy } : {}),
          catalogs: catalogs.catalogs,
          settings: ruleSettings(config),
          ...(config.branding ? { branding: config.branding } : {}),
          lang: langs[0] as Lang,
          markUntranslated: true,
        });
        const a = analyses[0];
        const all = [...catalogs.diagnostics, ...(a?.diagnostics ?? [])];
        for (const [f, t] of catalogs.sources) sources.set(f, t);
        if (a) sources.set(a.file, a.source.text);
        findings = all.length ? formatDiagnostics(all, { color: false, sources }) : "";
        if (a?.ok && a.program && a.workload) {
          const templates = loadTemplateSet(options.templateDir ?? config.build?.template);
          const view = buildView(a.program, a.workload, {
            generatedOn: new Date().toISOString().slice(0, 10),
            tool: `supplement ${packageVersion()}`,
            sourceFile: options.file,
            sourceDigest: createHash("sha256").update(a.source.text).digest("hex"),
            langs,
            ...(a.assets ? { assets: a.assets } : {}),
          });
          good = { html: templates.render(view), view };
        }
      }
    } catch (e) {
      findings = `${options.file}: ${(e as Error).message}`;
    }
    banner = findings;
    options.onFindings?.(findings);
    version++;
    for (const client of clients) client.write(`data: ${version}\n\n`);
  };

  const page = (): string => {
    const bar = banner
      ? `<div id="supplement-preview-findings" style="position:sticky;top:0;z-index:9;background:#fff4e5;border-bottom:2px solid #c05621;padding:8px 12px;font:12px/1.4 monospace;white-space:pre-wrap;max-height:40vh;overflow:auto">${escapeMarkup(banner)}</div>`
      : "";
    const links = `<div style="position:fixed;right:10px;bottom:10px;z-index:9;font:13px sans-serif"><a href="/supplement.pdf" style="background:#1f3a5f;color:#fff;padding:6px 10px;border-radius:4px;text-decoration:none">PDF</a></div>`;
    const body =
      good?.html ??
      "<!doctype html><html><body><p>No rendering yet: see the findings above.</p></body></html>";
    return body
      .replace(/<body([^>]*)>/, (m) => `${m}${bar}${links}`)
      .replace("</body>", `${RELOAD}</body>`);
  };

  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (url === "/events") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      res.write(": connected\n\n");
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    if (url === "/supplement.pdf") {
      if (!good) {
        res
          .writeHead(409, { "content-type": "text/plain" })
          .end("the program has no rendering yet");
        return;
      }
      const current = good;
      renderer ??= PdfRenderer.launch({ concurrency: 1 });
      renderer
        .then((r) => r.render(current.html))
        .then(({ pdf }) =>
          applyMetadata(
            pdf,
            viewMetadata(
              current.view,
              `supplement ${packageVersion()}`,
              current.view.meta.generatedOn,
            ),
          ),
        )
        .then((pdf) =>
          res.writeHead(200, { "content-type": "application/pdf" }).end(Buffer.from(pdf)),
        )
        .catch((e: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(e.message));
      return;
    }
    if (url === "/" || url.startsWith("/?")) {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
      });
      res.end(page());
      return;
    }
    res.writeHead(404).end();
  });

  await render();
  await listenOnLoopback(server, options.port ?? 0);

  // Watch the folders of everything the rendering reads: editors often replace a file rather than
  // write it, which a watch on the file itself would miss.
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  const rewatch = () => {
    for (const w of watchers.splice(0)) w.close();
    const isFile = (p: string) => /\.ya?ml$/.test(p);
    // Files' folders, and the catalog and template folders themselves, recursively (the
    // template's partials/ too).
    // A file's folder is watched for that file's name only: a log or an output written beside
    // the program does not render it again.
    const folders = new Map<string, Set<string> | undefined>();
    for (const p of watched) {
      if (!isFile(p)) folders.set(p, undefined);
      else if (!folders.has(dirname(p)) || folders.get(dirname(p)))
        folders.set(dirname(p), new Set([...(folders.get(dirname(p)) ?? []), basename(p)]));
    }
    for (const [folder, names] of folders) {
      try {
        watchers.push(
          watch(folder, { recursive: !names }, (_event, name) => {
            if (names && name && !names.has(String(name))) return;
            clearTimeout(timer);
            timer = setTimeout(() => void render().then(rewatch), 120);
          }),
        );
      } catch {
        // a folder that went away: watched again after the next rendering
      }
    }
  };
  rewatch();

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    refresh: render,
    async close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const c of clients) c.end();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (renderer) await renderer.then((r) => r.close()).catch(() => {});
    },
  };
}
