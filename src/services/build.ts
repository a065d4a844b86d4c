/** `build`: program files → certificate supplement PDFs (and optional HTML previews). */
import { createHash } from "node:crypto";
import { basename, extname, join, resolve } from "node:path";
import type { Diagnostic } from "../core/diagnostics.js";
import type { Lang } from "../core/i18n/index.js";
import type { ProgramAnalysis } from "../core/program.js";
import { programTwins, type TwinKind, twinSourceOf } from "../core/twins/index.js";
import { buildView } from "../core/view.js";
import { isSupplementError, SupplementError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { ensureWritableDir } from "../io/fs.js";
import { packageVersion } from "../paths.js";
import type { Attachment } from "../render/attachments.js";
import { loadTemplateSet } from "../render/html.js";
import { applyMetadata, viewMetadata } from "../render/metadata.js";
import { PdfRenderer, type RendererOptions } from "../render/pdf.js";
import type { Signer } from "../render/signer.js";
import { type AnalyzeSetOptions, analyzeFiles } from "./analyze.js";

/** How programs are read and checked (policy, settings, catalogs, projects), as for analyzeFiles. */
export interface BuildOptions
  extends Pick<
    AnalyzeSetOptions,
    "policy" | "settings" | "catalog" | "catalogs" | "projects" | "branding"
  > {
  outDir: string;
  /** Also write the HTML that is printed, for previewing. */
  html?: boolean;
  templateDir?: string;
  /** Date printed on the document, YYYY-MM-DD; defaults to $SOURCE_DATE_EPOCH or today (UTC). */
  generatedOn?: string;
  /** The document's language(s): one, or two for a bilingual document (default English). */
  langs?: readonly Lang[];
  /** The machine-readable twins embedded in each PDF (default both). */
  twins?: readonly TwinKind[];
  /** Sign each PDF (PAdES B-B), last, after the twins are embedded. */
  signer?: Signer;
  renderer?: Omit<RendererOptions, "concurrency">;
  concurrency?: number;
  /**
   * A browser already starting (PdfRenderer.start), so that its start-up overlaps with reading,
   * checking and templating. Build uses it, or closes it when nothing is to be printed.
   */
  launching?: Promise<PdfRenderer>;
}

export type BuildStatus = "built" | "invalid" | "failed";

export interface BuildItem {
  file: string;
  status: BuildStatus;
  diagnostics: Diagnostic[];
  outputs: string[];
  credits?: number;
  hours?: number;
  /** Why a valid program could not be printed or written. */
  error?: SupplementError;
  /** Addresses the document asked for and was refused (a custom template's web fonts or images). */
  blocked?: string[];
}

export interface BuildHooks {
  /** Called as soon as each program has been analysed (before any printing). */
  onAnalysed?(analysis: ProgramAnalysis): void;
  /** Called as soon as a file is written. */
  onWritten?(path: string): void;
}

export function today(env: NodeJS.ProcessEnv = process.env): string {
  const epoch =
    env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH)
      ? Number(env.SOURCE_DATE_EPOCH) * 1000
      : Date.now();
  return new Date(epoch).toISOString().slice(0, 10);
}

/** out/<input basename>.pdf; two inputs with the same basename would overwrite each other. */
export function outputNames(files: readonly string[], outDir: string): Map<string, string> {
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  const clashes: string[] = [];
  for (const f of files) {
    const target = join(outDir, `${basename(f, extname(f))}.pdf`);
    const owner = owners.get(target);
    if (owner) clashes.push(`${owner} and ${f} would both write ${target}`);
    owners.set(target, f);
    names.set(f, target);
  }
  if (clashes.length) {
    throw new SupplementError("USAGE", {
      message: `${clashes.join("; ")}. Build them into different folders with -o.`,
    });
  }
  return names;
}

export async function buildSupplements(
  files: readonly string[],
  options: BuildOptions,
  hooks: BuildHooks = {},
): Promise<BuildItem[]> {
  const outDir = resolve(options.outDir);
  const targets = outputNames(files, options.outDir);
  const generatedOn = options.generatedOn ?? today();
  const tool = `supplement ${packageVersion()}`;

  try {
    return await buildWith(files, options, hooks, outDir, targets, generatedOn, tool);
  } finally {
    // A browser started early that nothing needed.
    if (options.launching) await options.launching.then((r) => r.close()).catch(() => {});
  }
}

async function buildWith(
  files: readonly string[],
  options: BuildOptions,
  hooks: BuildHooks,
  outDir: string,
  targets: Map<string, string>,
  generatedOn: string,
  tool: string,
): Promise<BuildItem[]> {
  // 1. Read and check everything first: without an early start, no browser is started for a run
  // with nothing to print.
  const { analyses } = await analyzeFiles(files, {
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.catalogs ? { catalogs: options.catalogs } : {}),
    ...(options.projects ? { projects: options.projects } : {}),
    ...(options.branding ? { branding: options.branding } : {}),
    // The program's text in the document's (first) language, marked where it is missing.
    ...(options.langs?.[0] ? { lang: options.langs[0], markUntranslated: true } : {}),
  });
  const items: BuildItem[] = [];
  const ready: { item: BuildItem; analysis: ProgramAnalysis; text: string }[] = [];
  for (const analysis of analyses) {
    hooks.onAnalysed?.(analysis);
    const item: BuildItem = {
      file: analysis.file,
      status: analysis.ok ? "built" : "invalid",
      diagnostics: analysis.diagnostics,
      outputs: [],
    };
    if (analysis.workload) {
      item.credits = analysis.workload.credits;
      item.hours = analysis.workload.hours;
    }
    items.push(item);
    if (analysis.ok) ready.push({ item, analysis, text: analysis.source.text });
  }
  if (ready.length === 0) return items;

  ensureWritableDir(outDir);
  const templates = loadTemplateSet(options.templateDir);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, ready.length));
  type Job = (typeof ready)[number];
  const viewOf = ({ item, analysis, text }: Job) =>
    analysis.program && analysis.workload
      ? buildView(analysis.program, analysis.workload, {
          generatedOn,
          tool,
          sourceFile: item.file,
          sourceDigest: createHash("sha256").update(text).digest("hex"),
          ...(options.langs ? { langs: options.langs } : {}),
          ...(analysis.assets ? { assets: analysis.assets } : {}),
        })
      : undefined;
  // The first document is templated while the browser starts: Handlebars compiles the template
  // on first use (about 0.1 s), which would otherwise come after the browser is ready.
  const first = ready[0];
  const firstView = first && viewOf(first);
  let firstHtml: string | undefined;
  try {
    if (firstView) firstHtml = templates.render(firstView);
  } catch {
    // reported for its program when it is printed
  }
  const renderer = await (options.launching ??
    PdfRenderer.launch({ ...options.renderer, concurrency }));
  try {
    let next = 0;
    const worker = async () => {
      while (next < ready.length) {
        const job = ready[next++];
        if (!job) break;
        await printOne(job, targets.get(job.item.file) as string);
      }
    };
    const printOne = async (job: Job, target: string) => {
      const { item, analysis } = job;
      const view = job === first ? firstView : viewOf(job);
      if (!view) return;
      try {
        const html = (job === first ? firstHtml : undefined) ?? templates.render(view);
        if (options.html) {
          const htmlTarget = target.replace(/\.pdf$/, ".html");
          await writeFileAtomic(htmlTarget, html);
          item.outputs.push(htmlTarget);
          hooks.onWritten?.(htmlTarget);
        }
        const { pdf, blocked } = await renderer.render(html);
        if (blocked.length) item.blocked = [...new Set(blocked)];
        const finished = await applyMetadata(
          pdf,
          viewMetadata(view, tool, generatedOn),
          twinAttachments(analysis, target, options),
        );
        const final = options.signer ? await options.signer.pdf(finished) : finished;
        await writeFileAtomic(target, final);
        item.outputs.push(target);
        hooks.onWritten?.(target);
      } catch (e) {
        item.status = "failed";
        item.error = isSupplementError(e)
          ? e
          : new SupplementError(
              "RENDER_FAILED",
              { path: item.file, reason: ((e as Error).message ?? String(e)).split("\n")[0] ?? "" },
              { cause: e },
            );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await renderer.close();
  }
  return items;
}

/** A program's twins as files to embed, named after the PDF (full-stack.elm.jsonld, as `export` names them). */
function twinAttachments(
  analysis: ProgramAnalysis,
  target: string,
  options: Pick<BuildOptions, "twins" | "langs">,
): Attachment[] {
  const source = twinSourceOf(analysis, options.langs?.[0]);
  if (!source) return [];
  return programTwins(source, basename(target, ".pdf"), options.twins ?? ["elm", "ob3"]).map(
    (t) => ({
      name: t.name,
      mime: t.mime,
      description: t.description,
      bytes: Buffer.from(t.text, "utf8"),
    }),
  );
}
