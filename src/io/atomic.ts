/** Atomic file output: write a temp file beside the target, then rename it into place. */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { open, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SupplementError } from "../errors.js";
import { registerCleanup } from "./cleanup.js";

/** Temp files being written now; removed by cleanupTempFiles() when the process is interrupted. */
const inFlight = new Set<string>();

/** Writes `data` (text, bytes, or byte chunks written one after another) to a temp file, then renames it to `target`. */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string | Uint8Array[],
): Promise<void> {
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  inFlight.add(temp);
  try {
    if (Array.isArray(data)) {
      const file = await open(temp, "w");
      try {
        await file.writev(data);
      } finally {
        await file.close();
      }
    } else {
      await writeFile(temp, data);
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new SupplementError("OUTPUT_UNWRITABLE", { path: target, reason }, { cause: e });
  } finally {
    inFlight.delete(temp);
  }
}

/** Synchronously removes every temp file still being written (for signal and exit handlers). */
export function cleanupTempFiles(): void {
  for (const temp of inFlight) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // best effort
    }
  }
  inFlight.clear();
}

registerCleanup(cleanupTempFiles);
