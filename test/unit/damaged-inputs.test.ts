import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTrustAnchors } from "../../src/crypto/trust.js";
import { AttachmentError, readAttachments } from "../../src/render/attachments.js";
import { validateFiles } from "../../src/services/validate.js";

const dir = mkdtempSync(join(tmpdir(), "supplement-test-damaged-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};
const truncated = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";

describe("damaged files given to validate and verify", () => {
  it("reads no attachments from a truncated PDF, and says so without pdf-lib's internals", async () => {
    const err = await readAttachments(new TextEncoder().encode(truncated)).catch((e) => e);
    expect(err).toBeInstanceOf(AttachmentError);
    expect(err.message).toBe("the file is damaged, truncated or not a PDF");
  });

  it("names an empty file, binary data and a damaged PDF as such", async () => {
    const random = new Uint8Array(2048).map((_, i) => (i * 7919 + 13) % 256);
    const run = await validateFiles([
      file("empty.json", ""),
      file("random.json", random),
      file("truncated.pdf", truncated),
      file("cut.json", '{"a":'),
    ]);
    expect(run.errors.map((e) => e.message)).toEqual([
      `${join(dir, "empty.json")}: the file is empty`,
      `${join(dir, "random.json")}: not JSON (binary data)`,
      `${join(dir, "truncated.pdf")}: the PDF cannot be read: the file is damaged, truncated or not a PDF`,
      expect.stringMatching(/cut\.json: not JSON \(.*JSON.*\)$/),
    ]);
    for (const e of run.errors) {
      expect(e.exitCode).toBe(2);
      expect(e.message).not.toMatch(/undefined|lookupMaybe|\ufffd/);
    }
  });

  it("a trust folder without a certificate is an error, not a silent 'trust no one'", () => {
    const empty = join(dir, "trust-empty");
    mkdirSync(empty);
    writeFileSync(join(empty, "notes.txt"), "nothing here");
    expect(() => loadTrustAnchors([empty])).toThrow(
      `${empty}: the folder holds no certificate (.pem, .crt or .cer) to trust`,
    );
  });
});
