/**
 * The images a program names (logos, signatures, seal): read from local files next to the
 * program, checked, and turned into data: URIs to embed. Each problem is a finding at the field
 * that names the file: a web address, a missing file, a file over 1 MB, or one that is not an
 * SVG, PNG or JPEG image (found by its content, not its name), or a PNG or JPEG that is damaged,
 * truncated or too large to decode (which Chromium would print as a broken-image icon).
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../core/diagnostics.js";
import { checkJpeg, checkPng } from "../core/images.js";
import { locate, type SourceFile } from "../core/source.js";
import { type SvgError, sanitizeSvg } from "../core/svg.js";
import type { DocumentAssets } from "../core/view.js";
import type { Program } from "../types/program.gen.js";

export const MAX_IMAGE_BYTES = 1024 * 1024;

type Path = (string | number)[];

function imageType(bytes: Buffer): "png" | "jpeg" | "svg" | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  const head = bytes
    .subarray(0, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(head))
    return "svg";
  return undefined;
}

/** One image file named by a field: a data: URI, or the problem with it (code, message, hint). */
export function readImage(
  value: string,
  baseDir: string,
): { src: string } | { code: string; message: string; hint: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value))
    return {
      code: "asset/remote",
      message: `the image "${value}" is a web address`,
      hint: "Name a local file (images are embedded; nothing is fetched).",
    };
  const target = resolve(baseDir, value);
  let size: number;
  try {
    const st = statSync(target);
    if (!st.isFile()) throw new Error("not a file");
    size = st.size;
  } catch {
    return {
      code: "asset/missing",
      message: `no image file at "${value}" (looked for ${target})`,
      hint: "Paths are relative to the file that names them.",
    };
  }
  if (size > MAX_IMAGE_BYTES)
    return {
      code: "asset/too-large",
      message: `the image "${value}" has ${size} bytes, more than 1 MB`,
      hint: "Use a smaller image (an SVG, or a PNG of a few hundred pixels, is plenty for print).",
    };
  const bytes = readFileSync(target);
  const type = imageType(bytes);
  if (!type)
    return {
      code: "asset/type",
      message: `"${value}" is not an SVG, PNG or JPEG image`,
      hint: "Logos, signatures and seals are SVG, PNG or JPEG files.",
    };
  if (type !== "svg") {
    const check = type === "png" ? checkPng(bytes) : checkJpeg(bytes);
    if ("problem" in check)
      return {
        code: "asset/damaged",
        message: `"${value}" cannot be used as a ${type.toUpperCase()} image: ${check.problem}`,
        hint: "Export the image again from its source (a few hundred to a few thousand pixels a side is plenty for print).",
      };
    return { src: `data:image/${type};base64,${bytes.toString("base64")}` };
  }
  try {
    return {
      src: `data:image/svg+xml;base64,${Buffer.from(sanitizeSvg(bytes.toString("utf8"))).toString("base64")}`,
    };
  } catch (e) {
    return {
      code: "asset/type",
      message: `"${value}": ${(e as SvgError).message}`,
      hint: "Save the image as plain SVG, PNG or JPEG.",
    };
  }
}

export function loadAssets(
  program: Program,
  file: string,
  source: SourceFile,
): { assets: DocumentAssets; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const load = (value: string | undefined, path: Path): string | undefined => {
    if (!value) return undefined;
    const image = readImage(value, dirname(file));
    if ("src" in image) return image.src;
    diagnostics.push({
      code: image.code,
      severity: "error",
      file: source.file,
      range: locate(source, path).range,
      path,
      message: image.message,
      hint: image.hint,
    });
    return undefined;
  };
  const partners = program.issuer.partners ?? [];
  const signatories = program.signature?.signatories ?? [];
  const logo = load(program.issuer.logo, ["issuer", "logo"]);
  const seal = load(program.signature?.seal, ["signature", "seal"]);
  return {
    assets: {
      ...(logo ? { logo } : {}),
      partnerLogos: partners.map((p, i) => load(p.logo, ["issuer", "partners", i, "logo"]) ?? null),
      signatures: signatories.map(
        (s, i) => load(s.signature, ["signature", "signatories", i, "signature"]) ?? null,
      ),
      ...(seal ? { seal } : {}),
    },
    diagnostics,
  };
}
