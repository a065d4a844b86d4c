/**
 * Atomic file output: write a temp file beside the target, then rename it into place.
 *
 * Temp files are written in a private folder of this process inside the target's folder
 * (`.supplement-<pid>.tmp/`), and an interrupted run removes the whole folder. Removing single
 * temp files was not enough: a write whose open() is still in libuv's thread pool when Ctrl-C
 * comes creates its file after the clean-up, just before the process exits. With the folder gone,
 * that open() fails instead. The folder is on the same file system as the target, so the rename
 * stays atomic.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { open, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SupplementError } from "../errors.js";
import { registerCleanup } from "./cleanup.js";

/** The private temp folders of this process, by target folder, with the writes under way in each. */
const tempDirs = new Map<string, { dir: string; writes: number }>();

/** Enters a write: the target folder's private temp folder, made when no write is under way. */
function enter(targetDir: string): string {
  let entry = tempDirs.get(targetDir);
  if (!entry) {
    entry = { dir: join(targetDir, `.supplement-${process.pid}.tmp`), writes: 0 };
    mkdirSync(entry.dir, { mode: 0o700 });
    tempDirs.set(targetDir, entry);
  }
  entry.writes++;
  return entry.dir;
}

/** Leaves a write: the folder goes with the last write, so nothing but finished files remain. */
function leave(targetDir: string): void {
  const entry = tempDirs.get(targetDir);
  if (!entry || --entry.writes > 0) return;
  tempDirs.delete(targetDir);
  rmSync(entry.dir, { recursive: true, force: true });
}

type FileData = Uint8Array | string | Uint8Array[];

async function writeTemp(temp: string, data: FileData, mode = 0o644): Promise<void> {
  if (Array.isArray(data)) {
    const file = await open(temp, "w", mode);
    try {
      await file.writev(data);
    } finally {
      await file.close();
    }
  } else {
    await writeFile(temp, data, { mode });
  }
}

/** Writes `data` (text, bytes, or byte chunks written one after another) to a temp file, then renames it to `target`. */
export async function writeFileAtomic(
  target: string,
  data: FileData,
  options: { mode?: number } = {},
): Promise<void> {
  await writeFilesAtomic([{ target, data, ...(options.mode ? { mode: options.mode } : {}) }]);
}

/**
 * Writes files of one folder together: each to a temp file (at once), then renamed into place in
 * the order given, so that the last file's presence means every file is complete.
 */
export async function writeFilesAtomic(
  files: readonly { target: string; data: FileData; mode?: number }[],
): Promise<void> {
  if (!files.length) return;
  const targetDir = dirname((files[0] as { target: string }).target);
  const temps: string[] = [];
  let entered = false;
  let current = (files[0] as { target: string }).target;
  try {
    const dir = enter(targetDir);
    entered = true;
    for (const f of files) {
      if (dirname(f.target) !== targetDir)
        throw new Error(`writeFilesAtomic: ${f.target} is not in ${targetDir}`);
      temps.push(join(dir, `${basename(f.target)}.${randomBytes(4).toString("hex")}.tmp`));
    }
    await Promise.all(files.map((f, i) => writeTemp(temps[i] as string, f.data, f.mode)));
    for (const [i, f] of files.entries()) {
      current = f.target;
      await rename(temps[i] as string, f.target);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new SupplementError("OUTPUT_UNWRITABLE", { path: current, reason }, { cause: e });
  } finally {
    if (entered) leave(targetDir);
  }
}

/**
 * Synchronously removes the temp folders and whatever is in them (for signal and exit handlers).
 * Each folder is first renamed (atomic): an open() under way can no longer create a file under
 * its name, where removing it in place could miss a file made between listing and removing.
 */
export function cleanupTempFiles(): void {
  for (const { dir } of tempDirs.values()) {
    let gone = dir;
    try {
      gone = `${dir}.${randomBytes(3).toString("hex")}.gone`;
      renameSync(dir, gone);
    } catch {
      gone = dir;
    }
    try {
      rmSync(gone, { recursive: true, force: true, maxRetries: 5, retryDelay: 10 });
    } catch {
      // best effort
    }
  }
  tempDirs.clear();
}

registerCleanup(cleanupTempFiles);
