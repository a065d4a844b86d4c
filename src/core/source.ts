/**
 * YAML with positions: parses a program's text into a document whose nodes know their line and
 * column, reports syntax problems as diagnostics, and maps a value's path back to its place.
 */
import { createRequire } from "node:module";
import jsyaml from "js-yaml";
import type { Document, LineCounter, Node } from "yaml";
import type { Diagnostic, Position, Range } from "./diagnostics.js";

/**
 * The positional parser is loaded on first use: a check of valid programs never needs it, and
 * loading it is a fifth of the command's start-up.
 */
let yamlLib: typeof import("yaml") | undefined;
const Y = (): typeof import("yaml") => {
  yamlLib ??= createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yamlLib;
};

/** Aliases a document may expand while being read; more is taken for a "billion laughs" bomb. */
export const MAX_ALIAS_COUNT = 200;

export interface SourceFile {
  /** Path as the user named it. */
  readonly file: string;
  readonly text: string;
  /** Line starts; with `doc`, parsed on first use when the source was read by the fast path. */
  readonly lines: LineCounter;
  readonly doc: Document.Parsed;
}

function parseWithPositions(text: string): { lines: LineCounter; doc: Document.Parsed } {
  const { LineCounter, parseDocument } = Y();
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    // `<<: *anchor` (YAML 1.1 merge keys, as in CI and compose files) merges the anchored mapping.
    merge: true,
  });
  return { lines, doc };
}

/** A source whose positional parse happens only if a finding needs a line and column. */
export function lazySource(file: string, text: string): SourceFile {
  let parsed: { lines: LineCounter; doc: Document.Parsed } | undefined;
  const get = () => {
    parsed ??= parseWithPositions(text);
    return parsed;
  };
  return {
    file,
    text,
    get lines() {
      return get().lines;
    },
    get doc() {
      return get().doc;
    },
  };
}

/** Anchors, aliases and merge keys: the fast path leaves these to the bounded, positional reader. */
const ANCHOR_OR_ALIAS = /(^|[\s[{,:-])[&*][^\s]|<</m;

/**
 * Reads well-formed YAML without positions, about ten times faster than the positional parser.
 * Returns undefined whenever the text has anything unusual (a syntax error, a duplicate key, a
 * tab, several documents, anchors or aliases): the caller then takes the positional path, which
 * reports such problems precisely.
 */
export function fastLoad(text: string): { value: unknown } | undefined {
  if (
    (text.includes("&") || text.includes("*") || text.includes("<<")) &&
    ANCHOR_OR_ALIAS.test(text)
  )
    return undefined;
  try {
    return { value: jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: false }) };
  } catch {
    return undefined;
  }
}

export interface ParsedSource {
  source: SourceFile;
  /** The plain value, or undefined when the text could not be read as YAML. */
  value: unknown;
  diagnostics: Diagnostic[];
}

const YAML_MESSAGES: Record<string, { message: string; hint?: string }> = {
  DUPLICATE_KEY: {
    message: "this key appears twice in the same mapping",
    hint: "Remove one of them; YAML would silently keep only the last.",
  },
  TAB_AS_INDENT: {
    message: "a tab is used for indentation",
    hint: "YAML indents with spaces only; replace the tab with spaces.",
  },
  BAD_INDENT: {
    message: "the indentation is wrong here",
    hint: "Align the line with its siblings.",
  },
  MISSING_CHAR: {
    message: "a closing quote or bracket is missing",
    hint: "Close the quote or bracket that opens here; everything after it was read as part of the same value.",
  },
  MULTILINE_IMPLICIT_KEY: {
    message: "a key runs over more than one line",
    hint: "Check the indentation of this line and the one before, and whether a ':' is missing.",
  },
  BLOCK_AS_IMPLICIT_KEY: {
    message: "a nested mapping stands where a plain value was expected",
    hint: "Indent nested keys on their own lines, or quote the value if it contains ': '.",
  },
  UNEXPECTED_TOKEN: {
    message: "unexpected text",
    hint: "Check the indentation and punctuation of this line.",
  },
  MULTIPLE_DOCS: {
    message: "the file holds more than one YAML document",
    hint: "A program file holds exactly one program; remove the '---' separator.",
  },
  BAD_ALIAS: { message: "an alias refers to an anchor that does not exist" },
};

export function positionAt(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, col, offset };
}

export function rangeOf(lines: LineCounter, start: number, end: number): Range {
  return { start: positionAt(lines, start), end: positionAt(lines, Math.max(start, end)) };
}

/** Parses YAML text with positions. Never throws for bad input: problems become diagnostics. */
export function parseYamlSource(file: string, text: string): ParsedSource {
  const { lines, doc } = parseWithPositions(text);
  const source: SourceFile = { file, text, lines, doc };
  const diagnostics: Diagnostic[] = [];
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const known = YAML_MESSAGES[problem.code];
    const raw = problem.message.split("\n")[0] ?? problem.message;
    diagnostics.push({
      code: `yaml/${problem.code.toLowerCase().replaceAll("_", "-")}`,
      severity: problem.name === "YAMLWarning" ? "warning" : "error",
      file,
      range:
        problem.code === "MISSING_CHAR"
          ? openingOf(text, lines, problem.pos[0])
          : rangeOf(lines, problem.pos[0], problem.pos[1]),
      message: known
        ? `YAML syntax: ${known.message}`
        : `YAML syntax: ${raw.replace(/ at line \d+, column \d+.*$/, "")}`,
      ...(known?.hint ? { hint: known.hint } : {}),
    });
  }
  // After a syntax error the parser has still recovered a value; callers may check it, but must
  // not trust findings on the lines at fault.
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const bomb = e instanceof ReferenceError && /alias/i.test(e.message);
    diagnostics.push({
      code: bomb ? "yaml/alias-limit" : "yaml/invalid",
      severity: "error",
      file,
      range: rangeOf(lines, 0, 0),
      message: bomb
        ? `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes; reading stopped`
        : `YAML could not be read: ${(e as Error).message}`,
      hint: bomb
        ? "A program needs few or no aliases (&anchor / *alias); write the values out."
        : "Check the anchors (&name) and aliases (*name) in the file.",
    });
    return { source, value: undefined, diagnostics };
  }
  if ((value === null || value === undefined) && doc.errors.length === 0) {
    diagnostics.push({
      code: "yaml/empty",
      severity: "error",
      file,
      range: rangeOf(lines, 0, 0),
      message: "the file is empty",
      hint: "A program starts with `id:`, `title:`, `issuer:` and `modules:`; see programs/full-stack.yaml.",
    });
  }
  return { source, value, diagnostics };
}

/** For an unclosed quote or bracket reported at the end, the place where it opens. */
function openingOf(text: string, lines: LineCounter, at: number): Range {
  const quote = /(?:^|[\s:[{,-])(["'[{])/gm;
  let last: number | undefined;
  for (let m = quote.exec(text); m && m.index < at; m = quote.exec(text)) {
    const open = m.index + m[0].length - 1;
    const ch = m[1] as string;
    const close = ch === "[" ? "]" : ch === "{" ? "}" : ch;
    const rest = text.slice(open + 1, at);
    if (!rest.includes(close)) {
      last = open;
      break;
    }
  }
  return last === undefined ? rangeOf(lines, at, at + 1) : rangeOf(lines, last, last + 1);
}

export interface Located {
  range: Range;
  /** True when the path does not exist and the range is its nearest existing ancestor. */
  approximate: boolean;
}

/**
 * Finds the source range of the value at `path`. With `key: true`, the range of the mapping key
 * that holds it. When the path does not exist, falls back to the nearest ancestor's key or value.
 */
export function locate(
  source: SourceFile,
  path: readonly (string | number)[],
  opts: { key?: boolean } = {},
): Located {
  let node: unknown = source.doc.contents;
  let keyNode: Node | undefined;
  let lastKey: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: unknown;
    keyNode = undefined;
    const { isMap, isPair, isScalar, isSeq } = Y();
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (pair) {
        keyNode = pair.key as Node;
        next = pair.value;
      }
    } else if (isSeq(node) && typeof seg === "number") {
      next = node.items[seg];
    }
    if (next === undefined || next === null) {
      // A key with no value (`title:`) still has a key to point at.
      if (keyNode && i === path.length - 1)
        return { range: nodeRange(source, keyNode), approximate: false };
      const anchor = lastKey ?? (node as Node | undefined);
      return {
        range: anchor?.range ? nodeRange(source, anchor) : rangeOf(source.lines, 0, 0),
        approximate: true,
      };
    }
    if (keyNode) lastKey = keyNode;
    else lastKey = next as Node;
    node = next;
  }
  const target = opts.key && keyNode ? keyNode : (node as Node | undefined);
  if (!target?.range) return { range: rangeOf(source.lines, 0, 0), approximate: true };
  return { range: nodeRange(source, target), approximate: false };
}

function nodeRange(source: SourceFile, node: Node): Range {
  const { isMap, isSeq } = Y();
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  // Collections span many lines: point at their first line only.
  const lineEnd = source.text.indexOf("\n", start);
  const end =
    isMap(node) || isSeq(node)
      ? lineEnd === -1
        ? valueEnd
        : Math.min(valueEnd, lineEnd)
      : valueEnd;
  return rangeOf(source.lines, start, end);
}
