/**
 * Reading the PDFs Chromium prints, for the assembler (render/assemble.ts).
 *
 * `issue` reads one printed batch per 16 learners: about 1,500 small objects (structure elements
 * above all). pdf-lib's parser, general and byte by byte, took about 1 ms of node's CPU per
 * learner, with as much again in garbage collection. Chromium (Skia) writes a plain layout: a
 * header, numbered objects one after another, a cross-reference table and a trailer; no object
 * streams, no cross-reference streams, every stream with a direct /Length. `readPrinted` reads
 * that layout in one pass and makes the same pdf-lib objects that pdf-lib's parser makes (names
 * and references from their pools, literal and hex strings kept as written, stream contents as
 * they are). Anything else (another producer, a damaged file) is left to pdf-lib.
 */
import {
  ParseSpeeds,
  PDFArray,
  PDFBool,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFString,
} from "pdf-lib";
import { refTo } from "./pdf-objects.js";

/** A parsed PDF: its objects, its catalog and its pages in order. */
export interface ParsedPdf {
  context: PDFContext;
  catalog: PDFDict;
  pages: PDFRef[];
}

/** Reads a PDF: Chromium's layout with the fast reader, anything else with pdf-lib. */
export async function loadPdf(bytes: Uint8Array): Promise<ParsedPdf> {
  try {
    return readPrinted(bytes);
  } catch (e) {
    if (!(e instanceof NotPrintedLayout)) throw e;
  }
  const doc = await PDFDocument.load(bytes, {
    updateMetadata: false,
    parseSpeed: ParseSpeeds.Fastest,
  });
  return { context: doc.context, catalog: doc.catalog, pages: doc.getPages().map((p) => p.ref) };
}

/** The file is not in the layout readPrinted reads (pdf-lib then reads it). */
export class NotPrintedLayout extends Error {}

const WHITESPACE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITESPACE[c] = 1;
/** Bytes that end a name or a keyword: whitespace and delimiters. */
const ENDS_TOKEN = new Uint8Array(WHITESPACE);
for (const c of "()<>[]{}/%") ENDS_TOKEN[c.charCodeAt(0)] = 1;
const DIGIT = new Uint8Array(256);
for (let c = 48; c <= 57; c++) DIGIT[c] = 1;
const NUMERIC = new Uint8Array(DIGIT);
for (const c of ".+-") NUMERIC[c.charCodeAt(0)] = 1;

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const PDF_HEADER = ascii("%PDF-");
const OBJ = ascii("obj");
const ENDOBJ = ascii("endobj");
const STREAM = ascii("stream");
const ENDSTREAM = ascii("endstream");
const XREF = ascii("xref");
const TRAILER = ascii("trailer");
const STARTXREF = ascii("startxref");
const TRUE = ascii("true");
const FALSE = ascii("false");
const NULL = ascii("null");

const TYPE = PDFName.of("Type");
const PAGES = PDFName.of("Pages");
const PAGE = PDFName.of("Page");
const KIDS = PDFName.of("Kids");
const LENGTH = PDFName.of("Length");
const ROOT = PDFName.of("Root");

/**
 * Names by a hash of their bytes as written (pdf-lib decodes #xx escapes and pools the result).
 * Chromium writes a few dozen names over and over; a document's own names (font names, say) add a
 * few each, so the table stays small (it is emptied if ever it grows large).
 */
interface KnownName {
  bytes: Uint8Array;
  name: PDFName;
  next?: KnownName;
}
const namesByHash = new Map<number, KnownName>();
const MAX_KNOWN_NAMES = 10_000;

function sameBytes(known: Uint8Array, b: Uint8Array, start: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== b[start + i]) return false;
  return true;
}

/**
 * Reads a PDF in the layout Chromium writes (see the file's comment); throws NotPrintedLayout for
 * anything else.
 */
export function readPrinted(bytes: Uint8Array): ParsedPdf {
  const b = bytes;
  const n = b.length;
  const buffer = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  /** Bytes as a string, one character a byte (Buffer's own method, without toString's checks). */
  const slice = (start: number, end: number): string =>
    (buffer as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(
      start,
      end,
    );
  const context = PDFContext.create();
  const numbers = new Map<string, PDFNumber>();
  let pos = 0;
  let root: PDFObject | undefined;

  const fail = (what: string): never => {
    throw new NotPrintedLayout(`${what} at byte ${pos}`);
  };
  const skip = () => {
    for (;;) {
      while (pos < n && WHITESPACE[b[pos] as number]) pos++;
      if (b[pos] !== 0x25 /* % */) return;
      while (pos < n && b[pos] !== 10 && b[pos] !== 13) pos++;
    }
  };
  const at = (word: Uint8Array) => {
    if (pos + word.length > n) return false;
    for (let i = 0; i < word.length; i++) if (b[pos + i] !== word[i]) return false;
    return true;
  };
  const expect = (word: Uint8Array) => {
    if (!at(word)) fail(`"${String.fromCharCode(...word)}" expected`);
    pos += word.length;
  };
  const integer = (): number => {
    const start = pos;
    let value = 0;
    while (pos < n && DIGIT[b[pos] as number]) value = value * 10 + (b[pos++] as number) - 48;
    if (pos === start || pos - start > 15) fail("a number expected");
    return value;
  };
  const refOf = (num: number, gen: number): PDFRef =>
    gen === 0 ? refTo(num) : PDFRef.of(num, gen);
  /** A number as pdf-lib reads one: sign, digits, at most one period, digits. */
  const numberToken = (): string => {
    const start = pos;
    while (pos < n && NUMERIC[b[pos] as number]) {
      const c = b[pos++];
      if (c === 0x2e) break;
    }
    while (pos < n && DIGIT[b[pos] as number]) pos++;
    return slice(start, pos);
  };

  const value = (): PDFObject => {
    skip();
    const c = b[pos] as number;
    if (c === 0x2f /* / */) return name();
    if (c === 0x3c /* < */) {
      if (b[pos + 1] === 0x3c) return dictionary();
      const end = b.indexOf(0x3e /* > */, pos + 1);
      if (end < 0) fail("an unterminated hex string");
      const hex = PDFHexString.of(slice(pos + 1, end));
      pos = end + 1;
      return hex;
    }
    if (c === 0x5b /* [ */) {
      pos++;
      const array = PDFArray.withContext(context);
      for (;;) {
        skip();
        if (b[pos] === 0x5d /* ] */) break;
        if (pos >= n) fail("an unterminated array");
        array.push(value());
      }
      pos++;
      return array;
    }
    if (c === 0x28 /* ( */) return literal();
    if (NUMERIC[c]) {
      const token = numberToken();
      const number = Number(token);
      if (!token || !Number.isFinite(number)) fail("a malformed number");
      // "n g R": a reference.
      if (DIGIT[c] && !token.includes(".")) {
        const save = pos;
        skip();
        if (DIGIT[b[pos] as number]) {
          const gen = integer();
          skip();
          if (b[pos] === 0x52 /* R */ && (pos + 1 >= n || ENDS_TOKEN[b[pos + 1] as number])) {
            pos++;
            return refOf(number, gen);
          }
        }
        pos = save;
      }
      if (number > Number.MAX_SAFE_INTEGER) fail("a number too large");
      let found = numbers.get(token);
      if (!found) {
        found = PDFNumber.of(number);
        numbers.set(token, found);
      }
      return found;
    }
    if (at(TRUE)) {
      pos += 4;
      return PDFBool.True;
    }
    if (at(FALSE)) {
      pos += 5;
      return PDFBool.False;
    }
    if (at(NULL)) {
      pos += 4;
      return PDFNull;
    }
    return fail("an object expected");
  };

  const name = (): PDFName => {
    const start = ++pos;
    // FNV-1a over the bytes: a name seen before is found without making a string of it.
    let hash = 0x811c9dc5;
    while (pos < n && !ENDS_TOKEN[b[pos] as number])
      hash = Math.imul(hash ^ (b[pos++] as number), 0x01000193);
    const chain = namesByHash.get(hash);
    for (let seen = chain; seen; seen = seen.next)
      if (seen.bytes.length === pos - start && sameBytes(seen.bytes, b, start)) return seen.name;
    const found = PDFName.of(slice(start, pos));
    namesByHash.set(hash, {
      bytes: b.slice(start, pos),
      name: found,
      ...(chain ? { next: chain } : {}),
    });
    return found;
  };

  /** A literal string, kept as written between its outer parentheses (escapes included), as pdf-lib keeps it. */
  const literal = (): PDFString => {
    const start = pos;
    let depth = 0;
    for (; pos < n; pos++) {
      const c = b[pos];
      if (c === 0x5c /* \ */) pos++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        pos++;
        return PDFString.of(slice(start + 1, pos - 1));
      }
    }
    return fail("an unbalanced string");
  };

  const dictionary = (): PDFDict => {
    pos += 2;
    const entries = new Map<PDFName, PDFObject>();
    for (;;) {
      skip();
      if (b[pos] === 0x3e && b[pos + 1] === 0x3e) break;
      if (b[pos] !== 0x2f) fail("a name expected in a dictionary");
      const key = name();
      entries.set(key, value());
    }
    pos += 2;
    return PDFDict.fromMapWithContext(entries, context);
  };

  /** A stream's contents after its dictionary: /Length bytes, then endstream. */
  const streamAfter = (dict: PDFDict): PDFRawStream => {
    pos += STREAM.length;
    if (b[pos] === 13 && b[pos + 1] === 10) pos += 2;
    else if (b[pos] === 10 || b[pos] === 13) pos++;
    else fail("an end of line after stream expected");
    const length = dict.get(LENGTH);
    if (!(length instanceof PDFNumber)) return fail("a stream without a direct /Length");
    const start = pos;
    const end = start + length.asNumber();
    if (!Number.isInteger(end) || end > n) fail("a stream longer than the file");
    pos = end;
    skip();
    expect(ENDSTREAM);
    return PDFRawStream.of(dict, b.subarray(start, end));
  };

  if (namesByHash.size > MAX_KNOWN_NAMES) namesByHash.clear();
  if (!at(PDF_HEADER)) fail("no PDF header");
  for (;;) {
    skip();
    if (pos >= n) break;
    if (DIGIT[b[pos] as number]) {
      const num = integer();
      skip();
      const gen = integer();
      skip();
      expect(OBJ);
      let obj = value();
      skip();
      if (at(STREAM)) {
        if (!(obj instanceof PDFDict)) fail("a stream without a dictionary");
        obj = streamAfter(obj as PDFDict);
        skip();
      }
      expect(ENDOBJ);
      context.assign(refOf(num, gen), obj);
    } else if (at(XREF)) {
      // The table is not needed: every object was read in order.
      const trailer = buffer.indexOf("trailer", pos, "latin1");
      pos = trailer < 0 ? n : trailer;
      if (!at(TRAILER)) fail("no trailer");
    } else if (at(TRAILER)) {
      pos += TRAILER.length;
      skip();
      if (b[pos] !== 0x3c || b[pos + 1] !== 0x3c) fail("a trailer dictionary expected");
      const trailer = dictionary();
      root = trailer.get(ROOT) ?? root;
    } else if (at(STARTXREF)) {
      pos += STARTXREF.length;
      skip();
      integer();
    } else {
      fail("unexpected content");
    }
  }
  if (!(root instanceof PDFRef)) return fail("no document catalog");
  const catalog = context.lookup(root);
  if (!(catalog instanceof PDFDict)) return fail("no document catalog");
  return { context, catalog, pages: pagesOf(context, catalog) };
}

/** The pages of a page tree, in order (depth first, as pdf-lib's getPages lists them). */
function pagesOf(context: PDFContext, catalog: PDFDict): PDFRef[] {
  const pages: PDFRef[] = [];
  const seen = new Set<PDFRef>();
  const walk = (ref: PDFObject | undefined, depth: number) => {
    if (!(ref instanceof PDFRef) || seen.has(ref) || depth > 64)
      throw new NotPrintedLayout("a malformed page tree");
    seen.add(ref);
    const node = context.lookup(ref);
    if (!(node instanceof PDFDict)) throw new NotPrintedLayout("a malformed page tree");
    const type = node.get(TYPE);
    if (type === PAGE) pages.push(ref);
    else if (type === PAGES) {
      const kids = node.lookup(KIDS);
      if (!(kids instanceof PDFArray)) throw new NotPrintedLayout("a page tree node without kids");
      for (let i = 0; i < kids.size(); i++) walk(kids.get(i), depth + 1);
    } else throw new NotPrintedLayout("a malformed page tree");
  };
  walk(catalog.get(PAGES), 0);
  return pages;
}
