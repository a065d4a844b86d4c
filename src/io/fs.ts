/** Output folders: created one level at a time, so that no file system can make it loop. */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmdirSync,
  statSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { SupplementError } from "../errors.js";

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message ?? String(e);
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOTDIR: "a part of the path is a file, not a folder",
  ENOSPC: "no space left on the device",
  ENAMETOOLONG: "the path is too long",
};

/** The error code with its meaning in words, e.g. "permission denied (EACCES)". */
function reasonOf(e: unknown): string {
  const code = errorCode(e);
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}

/**
 * Creates `dir` and its missing parents, then checks that it can be written.
 *
 * Node's `mkdirSync(dir, {recursive: true})` is not used: on some file systems (/proc, /sys) it
 * retries forever in a synchronous loop, where not even SIGTERM is handled. Here the nearest
 * existing ancestor is found with stat, which must be a folder, and each missing level is made
 * with a plain mkdir: every step either succeeds or fails at once.
 */
export function ensureWritableDir(dir: string): void {
  const fail = (path: string, reason: string, cause?: unknown): never => {
    throw new SupplementError("OUTPUT_UNWRITABLE", { path, reason }, { cause });
  };
  const target = resolve(dir);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) fail(dir, `${at} is not a folder`);
      break;
    } catch (e) {
      if (e instanceof SupplementError) throw e;
      const code = errorCode(e);
      if (code !== "ENOENT") fail(dir, reasonOf(e), e);
      missing.push(at);
      const parent = dirname(at);
      if (parent === at) fail(dir, reasonOf(e), e);
      at = parent;
    }
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (e) {
      // Made meanwhile by another process: fine if it is a folder.
      if (errorCode(e) === "EEXIST" && statSync(level).isDirectory()) continue;
      fail(dir, `${level} cannot be created: ${reasonOf(e)}`, e);
    }
  }
  try {
    accessSync(target, constants.W_OK);
  } catch (e) {
    fail(dir, reasonOf(e), e);
  }
}

/**
 * Whether `dir` could be written, leaving nothing behind: a temporary folder is made and removed
 * in it, or in its nearest existing ancestor when it does not exist yet (permission bits alone
 * say yes for root on /proc, where nothing can be made). The reason in words when not.
 */
export function probeWritableDir(dir: string): { ok: true } | { ok: false; reason: string } {
  let at = resolve(dir);
  for (;;) {
    try {
      if (!statSync(at).isDirectory())
        return { ok: false, reason: `${at} is a file, not a folder` };
      rmdirSync(mkdtempSync(join(at, ".supplement-probe-")));
      return { ok: true };
    } catch (e) {
      const code = errorCode(e);
      if (code !== "ENOENT" || existsSync(at))
        return { ok: false, reason: `${at}: ${reasonOf(e)}` };
      const parent = dirname(at);
      if (parent === at) return { ok: false, reason: reasonOf(e) };
      at = parent;
    }
  }
}
