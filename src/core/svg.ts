/**
 * SVG images from the user (logos, signatures, seals), made safe to embed: the document is parsed
 * (fast-xml-parser) and rebuilt from an allowlist of drawing elements and attributes. Scripts,
 * event attributes, style sheets, foreign content and every reference to anything outside the
 * image itself (href, url() other than "#id") are removed. Pure.
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";

/** Elements that draw, group or define paint; everything else goes with its content. */
const ELEMENTS = new Set([
  "svg",
  "g",
  "defs",
  "title",
  "desc",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "textPath",
  "linearGradient",
  "radialGradient",
  "stop",
  "clipPath",
  "mask",
  "pattern",
  "symbol",
  "use",
  "marker",
]);

/** Attributes that may reference something: kept only when they point inside the image. */
const REFERENCES = new Set(["href", "xlink:href"]);

const INTERNAL_URL = /^url\(\s*['"]?#[^)'"]*['"]?\s*\)$/;

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Text with its character references decoded. The five predefined entities and numeric
 * references are decoded; any other entity could only come from a DOCTYPE, which is not kept.
 */
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[^\s&;]+);/gi, (_, ref: string) => {
    if (ref.startsWith("#")) {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff))
        return String.fromCodePoint(code);
      throw new SvgError(`the SVG has an invalid character reference &${ref};`);
    }
    const known = PREDEFINED[ref];
    if (known === undefined)
      throw new SvgError(
        `the SVG uses the entity &${ref};, which only a DOCTYPE could define (DOCTYPEs are not kept)`,
      );
    return known;
  });
}

function safeAttribute(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith("on")) return false; // event handlers
  if (lower === "style") return false; // may @import or url() anything
  if (REFERENCES.has(lower)) return value.trim().startsWith("#");
  // A CSS escape could spell url( or anything else past the checks below; no drawing needs one.
  if (value.includes("\\")) return false;
  // url(...) in a presentation attribute (fill, clip-path, mask, …) must name an element here.
  if (/url\s*\(/i.test(value)) return INTERNAL_URL.test(value.trim());
  if (/javascript:|data:/i.test(value)) return false;
  return true;
}

type Node = Record<string, unknown>;

function clean(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    if ("#text" in node) {
      out.push({ "#text": decode(String(node["#text"])) });
      continue;
    }
    if ("#cdata" in node) {
      // Character data: its text, escaped on the way out like any other.
      const parts = (node["#cdata"] as Node[]) ?? [];
      out.push({ "#text": parts.map((p) => String(p["#text"] ?? "")).join("") });
      continue;
    }
    const name = Object.keys(node).find((k) => k !== ":@");
    if (!name || !ELEMENTS.has(name)) continue; // script, style, foreignObject, a, image, …
    const attrs = (node[":@"] ?? {}) as Record<string, string>;
    const kept: Record<string, string> = {};
    for (const [key, raw] of Object.entries(attrs)) {
      const attr = key.replace(/^@_/, "");
      const value = decode(String(raw));
      if (safeAttribute(attr, value)) kept[key] = value;
    }
    const children = clean((node[name] as Node[]) ?? []);
    out.push({ [name]: children, ...(Object.keys(kept).length ? { ":@": kept } : {}) });
  }
  return out;
}

export class SvgError extends Error {}

/** The sanitised SVG, or an SvgError when the text is not an SVG image. */
export function sanitizeSvg(text: string): string {
  const options = {
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    allowBooleanAttributes: true,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: false as const,
    cdataPropName: "#cdata",
    // Spaces between words in <text> and <tspan> are part of the drawing.
    trimValues: false,
    // Text stays as written ("007" is not the number 7).
    parseTagValue: false,
  };
  let parsed: Node[];
  try {
    parsed = new XMLParser(options).parse(text) as Node[];
  } catch (e) {
    throw new SvgError(`the SVG cannot be read: ${(e as Error).message}`);
  }
  // <!DOCTYPE> with entities could expand or reach outside; the parser keeps none, and only the
  // root svg element is kept.
  const root = parsed.filter((n) => Object.keys(n).includes("svg"));
  if (root.length !== 1) throw new SvgError("the file has no <svg> root element");
  const cleaned = clean(root);
  // Everything was decoded above: the builder escapes every text and attribute value again.
  return new XMLBuilder({ ...options, processEntities: true, suppressEmptyNode: true }).build(
    cleaned,
  ) as string;
}
