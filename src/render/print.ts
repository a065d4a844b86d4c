/** Prints one HTML page to a PDF file: one browser, tagged output, metadata, atomic write. */
import { dirname } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import { ensureWritableDir } from "../io/fs.js";
import { applyMetadata, type PdfMetadata } from "./metadata.js";
import { PdfRenderer } from "./pdf.js";

export async function printPdf(
  html: string,
  target: string,
  meta: PdfMetadata & { timeoutMs?: number },
): Promise<void> {
  ensureWritableDir(dirname(target));
  const renderer = await PdfRenderer.launch({
    concurrency: 1,
    timeoutMs: meta.timeoutMs ?? 60_000,
  });
  try {
    const { pdf } = await renderer.render(html);
    await writeFileAtomic(target, await applyMetadata(pdf, meta));
  } finally {
    await renderer.close();
  }
}
