/**
 * Signed supplements: a development identity, PAdES signatures that poppler's pdfsig accepts
 * (trusted through an NSS database that holds the test certificate), and verify on intact and
 * tampered files.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli } from "../helpers/cli.js";
import { flat, pdftotext } from "../helpers/pdf.js";
import { TEST_TMP } from "../helpers/processes.js";
import { BRANDED, FULL_STACK } from "../helpers/programs.js";

beforeAll(assertBuilt);

const LEARNERS =
  "name,learner_id,completion_date,credential_id\n" +
  "王小明,L1,2026-06-01,EX-0001\n" +
  "Anna Müller,L2,2026-06-02,EX-0002\n";

/** A project folder with a development identity in keys/ and a learners file. */
function project(issuer = "Example Academy") {
  const dir = mkdtempSync(join(TEST_TMP, "trust-"));
  const r = runCli(["keys", "create", "--issuer", issuer], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  writeFileSync(join(dir, "l.csv"), LEARNERS);
  return { dir, cert: join(dir, "keys/signing-cert.pem"), key: join(dir, "keys/signing-key.pem") };
}

/** An NSS database that trusts `cert`, for pdfsig. */
function nssTrusting(cert: string): string {
  const db = mkdtempSync(join(TEST_TMP, "nss-"));
  execFileSync("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"]);
  execFileSync("certutil", ["-A", "-d", `sql:${db}`, "-n", "issuer", "-t", "CT,C,C", "-i", cert]);
  return db;
}

const pdfsig = (pdf: string, db?: string) =>
  spawnSync("pdfsig", [...(db ? ["-nssdir", `sql:${db}`] : []), pdf], { encoding: "utf8" }).stdout;

let signedDir: string;
let p: ReturnType<typeof project>;
beforeAll(() => {
  p = project();
  const r = runCli(
    ["issue", BRANDED, "-l", "l.csv", "-o", "out", "--sign", "--issue-date", "2026-07-01"],
    { cwd: p.dir },
  );
  expect(r.code, r.stderr).toBe(0);
  signedDir = join(p.dir, "out");
});

describe("supplement keys create", () => {
  it("writes a key (0600) and a self-signed certificate labelled development, not trusted", () => {
    expect(statSync(p.key).mode & 0o777).toBe(0o600);
    const subject = execFileSync("openssl", ["x509", "-in", p.cert, "-noout", "-subject"], {
      encoding: "utf8",
    });
    expect(subject).toContain("Example Academy");
    expect(subject).toContain("development, not trusted");
    const again = runCli(["keys", "create", "--issuer", "X"], { cwd: p.dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exist");
  });
});

describe("signed PDFs", () => {
  it("pdfsig: valid, trusted through an NSS database, the whole document signed, PAdES", () => {
    const db = nssTrusting(p.cert);
    for (const f of ["EX-0001.pdf", "EX-0002.pdf"]) {
      const out = pdfsig(join(signedDir, f), db);
      expect(out, f).toContain("Signature is Valid.");
      expect(out, f).toContain("Certificate is Trusted.");
      expect(out, f).toContain("Total document signed");
      expect(out, f).toContain("ETSI.CAdES.detached");
      expect(out, f).toContain("SHA-256");
    }
    // Without the database's trust: valid, issuer unknown.
    expect(pdfsig(join(signedDir, "EX-0001.pdf"))).toContain("Signature is Valid.");
  });

  it("carries the signer certificate and signingCertificateV2, and no CMS signing-time", () => {
    const bytes = readFileSync(join(signedDir, "EX-0001.pdf"));
    const text = bytes.toString("latin1");
    const m = /\/Contents <([0-9A-F]+)>/.exec(text.slice(text.lastIndexOf("/ByteRange")));
    // asn1js reads the CMS and ignores the zeros that pad the space reserved for it.
    const der = Buffer.from(m?.[1] ?? "", "hex");
    const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(new Uint8Array(der)).result });
    const signed = new pkijs.SignedData({ schema: info.content });
    expect(signed.certificates).toHaveLength(1);
    const attrs = signed.signerInfos[0]?.signedAttrs?.attributes.map((a) => a.type) ?? [];
    expect(attrs).toContain("1.2.840.113549.1.9.16.2.47"); // signing-certificate-v2
    expect(attrs).toContain("1.2.840.113549.1.9.4"); // message digest
    expect(attrs).not.toContain("1.2.840.113549.1.9.5"); // signing-time: /M instead (PAdES baseline)
    // The twins are signed too: embedded before the signature, and pdfdetach still lists them.
    expect(
      execFileSync("pdfdetach", ["-list", join(signedDir, "EX-0001.pdf")], { encoding: "utf8" }),
    ).toContain("EX-0001.edc.jsonld");
  });

  it("the holder page says that the PDF is signed, by whom, and that the key is a development key", () => {
    const page1 = flat(pdftotext(join(signedDir, "EX-0002.pdf"), 1, 1));
    expect(page1).toContain(
      "Signed electronically (PAdES) by Example Academy, with a development key (not trusted).",
    );
    // Unsigned runs say nothing of the kind.
    const q = project();
    const r = runCli(["issue", BRANDED, "-l", "l.csv", "-o", "u", "--issue-date", "2026-07-01"], {
      cwd: q.dir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(flat(pdftotext(join(q.dir, "u/EX-0002.pdf"), 1, 1))).not.toContain(
      "Signed electronically",
    );
  });

  it("keeps the holder on the first page in the fullest layout: bilingual, e-mail, address, signature", () => {
    const q = project();
    writeFileSync(join(q.dir, "supplement.config.yaml"), "issue:\n  printEmail: true\n");
    writeFileSync(
      join(q.dir, "full.csv"),
      "name,learner_id,completion_date,email\nAnna Müller,L2,2026-06-02,anna.mueller@example.org\n",
    );
    const r = runCli(
      [
        ...["issue", FULL_STACK, "-l", "full.csv", "-o", "o", "--sign", "--lang", "de,en"],
        ...[
          "--verify-url",
          "https://verify.example.org/{credential_id}",
          "--issue-date",
          "2026-07-01",
        ],
      ],
      { cwd: q.dir },
    );
    expect(r.code, r.stderr).toBe(0);
    const [pdf] = readdirSync(join(q.dir, "o")).filter((f) => f.endsWith(".pdf"));
    const page1 = flat(pdftotext(join(q.dir, "o", pdf as string), 1, 1));
    expect(page1).toContain("Inhaberin oder Inhaber des Zertifikats");
    expect(page1).toContain("Anna Müller");
    expect(page1).toContain("anna.mueller@example.org");
    expect(page1).toContain(
      "Elektronisch signiert (PAdES) von Example Academy, mit einem Entwicklungsschlüssel (nicht vertrauenswürdig).",
    );
  });

  it("build --sign signs too; without a key it stops with exit 2 and a hint", () => {
    const r = runCli(["build", FULL_STACK, "-o", "b", "--sign"], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(pdfsig(join(p.dir, "b/full-stack.pdf"))).toContain("Signature is Valid.");
    const none = runCli(["build", FULL_STACK, "-o", "b", "--sign"], {
      cwd: mkdtempSync(join(TEST_TMP, "nokey-")),
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("supplement keys create");
    expect(readdirSync(join(p.dir, "b"))).toEqual(["full-stack.pdf"]);
  });
});

describe("supplement verify", () => {
  const verify = (args: string[]) => runCli(["verify", ...args], { cwd: p.dir });

  it("valid and trusted with --trust; valid, not trusted without it (exit 1, or 0 with --allow-untrusted)", () => {
    const files = ["out/EX-0001.pdf", "out/EX-0002.pdf"];
    const trusted = verify([...files, "--trust", "keys/signing-cert.pem"]);
    expect(trusted.code, trusted.stdout).toBe(0);
    expect(trusted.stdout).toContain("out/EX-0001.pdf: VALID");
    expect(trusted.stdout).toMatch(/fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(trusted.stdout).toContain("✔ agreement");
    const untrusted = verify(files);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain("valid, not trusted: a development certificate");
    expect(verify([...files, "--allow-untrusted"]).code).toBe(0);
    const json = JSON.parse(verify([files[0] as string, "-f", "json", "--trust", "keys"]).stdout);
    expect(json.files[0]).toMatchObject({ ok: true, kind: "pdf", signer: { development: true } });
  });

  it("fails on a changed byte, appended bytes, a swapped twin, another key, and an unsigned PDF", () => {
    const dir = mkdtempSync(join(TEST_TMP, "tamper-"));
    const original = readFileSync(join(signedDir, "EX-0001.pdf"));
    const text = original.toString("latin1");
    // 1. One byte of the first page's content stream.
    const flipped = Buffer.from(original);
    const at = text.indexOf("stream\n", text.indexOf("/Type /Page")) + 40;
    flipped[at] = (flipped[at] as number) ^ 0x01;
    writeFileSync(join(dir, "byte.pdf"), flipped);
    // 2. Bytes appended after the signature (an incremental update made later).
    writeFileSync(
      join(dir, "appended.pdf"),
      Buffer.concat([original, Buffer.from("\n% edited\n")]),
    );
    // 3. Another learner's twin in place of this one's, with qpdf (which rewrites the file).
    execFileSync("qpdf", [
      join(signedDir, "EX-0001.pdf"),
      join(dir, "swapped.pdf"),
      "--remove-attachment=EX-0001.ob3.json",
      "--add-attachment",
      join(signedDir, "EX-0002.ob3.json"),
      "--key=EX-0001.ob3.json",
      "--",
    ]);
    // 4. Signed by another key (an identity made by someone else).
    const other = project("Example Academy");
    expect(
      runCli(
        ["issue", BRANDED, "-l", "l.csv", "-o", "out", "--sign", "--issue-date", "2026-07-01"],
        {
          cwd: other.dir,
        },
      ).code,
    ).toBe(0);
    copyFileSync(join(other.dir, "out/EX-0001.pdf"), join(dir, "other-key.pdf"));
    // 5. Unsigned, with a swapped twin.
    const unsigned = runCli(
      ["issue", BRANDED, "-l", "l.csv", "-o", "plain", "--issue-date", "2026-07-01"],
      { cwd: p.dir },
    );
    expect(unsigned.code).toBe(0);
    execFileSync("qpdf", [
      join(p.dir, "plain/EX-0001.pdf"),
      join(dir, "unsigned-swapped.pdf"),
      "--remove-attachment=EX-0001.ob3.json",
      "--add-attachment",
      join(p.dir, "plain/EX-0002.ob3.json"),
      "--key=EX-0001.ob3.json",
      "--",
    ]);
    const expected: Record<string, string> = {
      "byte.pdf": "changed after it was signed",
      "appended.pdf": "bytes were added to the file after it was signed",
      "swapped.pdf": "the file was rewritten after it was signed",
      "other-key.pdf": "valid, not trusted",
      "unsigned-swapped.pdf": "the PDF is not signed",
    };
    for (const [file, message] of Object.entries(expected)) {
      const r = verify([join(dir, file), "--trust", "keys/signing-cert.pem"]);
      expect(r.code, `${file}\n${r.stdout}`).toBe(1);
      expect(r.stdout, file).toContain("NOT VALID");
      expect(r.stdout, file).toContain(message);
    }
    // The swapped twin names another holder than the page.
    expect(verify([join(dir, "unsigned-swapped.pdf"), "--allow-untrusted"]).stdout).toContain(
      "✘ agreement",
    );
    expect(pdfsig(join(dir, "byte.pdf"))).not.toContain("Signature is Valid.");
  });

  it("exits 2 for a file that cannot be read", () => {
    const r = verify(["nope.pdf"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nope.pdf: no such file or directory");
    writeFileSync(join(p.dir, "empty.jwt"), "");
    const empty = verify(["empty.jwt"]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("empty.jwt: the file is empty");
  });
});

describe("signed data twins", () => {
  it("an OB3 VC-JWT and a JAdES-sealed EDC beside each PDF and inside it, checked with node:crypto alone", async () => {
    const { createPublicKey, verify, X509Certificate } = await import("node:crypto");
    const cert = new X509Certificate(readFileSync(p.cert));
    for (const id of ["EX-0001", "EX-0002"]) {
      expect(
        execFileSync("pdfdetach", ["-list", join(signedDir, `${id}.pdf`)], { encoding: "utf8" }),
      ).toContain(`${id}.ob3.jwt`);
      // VC-JWT: ES256 over header.payload, with the key its header names, which is the certificate's.
      const jwt = readFileSync(join(signedDir, `${id}.ob3.jwt`), "utf8");
      const [h, pl, sig] = jwt.split(".") as [string, string, string];
      const header = JSON.parse(Buffer.from(h, "base64url").toString());
      expect(Object.keys(header).sort()).toEqual(["alg", "jwk", "typ"]);
      expect(header).toMatchObject({ alg: "ES256", typ: "JWT" });
      const key = createPublicKey({ key: header.jwk, format: "jwk" });
      expect(key.equals(cert.publicKey)).toBe(true);
      expect(
        verify(
          "sha256",
          Buffer.from(`${h}.${pl}`),
          { key, dsaEncoding: "ieee-p1363" },
          Buffer.from(sig, "base64url"),
        ),
      ).toBe(true);
      const payload = JSON.parse(Buffer.from(pl, "base64url").toString());
      const plain = JSON.parse(readFileSync(join(signedDir, `${id}.ob3.json`), "utf8"));
      expect(payload).toMatchObject({ ...plain, iss: plain.issuer.id, jti: plain.id });
      // JAdES: the signing input is the protected header and the unencoded payload.
      const jades = JSON.parse(readFileSync(join(signedDir, `${id}.edc.jades.json`), "utf8"));
      expect(jades.payload).toBe(readFileSync(join(signedDir, `${id}.edc.jsonld`), "utf8"));
      const s = jades.signatures[0];
      const prot = JSON.parse(Buffer.from(s.protected, "base64url").toString());
      expect(prot).toMatchObject({ alg: "ES256", b64: false, crit: ["b64", "sigT"] });
      expect(new X509Certificate(Buffer.from(prot.x5c[0], "base64")).fingerprint256).toBe(
        cert.fingerprint256,
      );
      expect(
        verify(
          "sha256",
          Buffer.concat([Buffer.from(`${s.protected}.`), Buffer.from(jades.payload)]),
          { key: cert.publicKey, dsaEncoding: "ieee-p1363" },
          Buffer.from(s.signature, "base64url"),
        ),
      ).toBe(true);
    }
    // The sealed EDC's payload is a valid EDC.
    const v = runCli(["validate", join(signedDir, "EX-0001.edc.jades.json")]);
    expect(v.code, v.stdout).toBe(0);
  });

  it("verify: the twins and their signed forms; an OB3 JSON with the name changed fails", () => {
    const files = [
      "EX-0001.ob3.json",
      "EX-0001.ob3.jwt",
      "EX-0001.edc.jsonld",
      "EX-0001.edc.jades.json",
    ];
    const ok = runCli(["verify", ...files.map((f) => join(signedDir, f)), "--trust", p.cert]);
    expect(ok.code, ok.stdout).toBe(0);
    const dir = mkdtempSync(join(TEST_TMP, "ob3-"));
    for (const f of ["EX-0001.ob3.json", "EX-0001.ob3.jwt"])
      copyFileSync(join(signedDir, f), join(dir, f));
    const json = join(dir, "EX-0001.ob3.json");
    writeFileSync(json, readFileSync(json, "utf8").replaceAll("王小明", "王大明"));
    const bad = runCli(["verify", json, "--trust", p.cert]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("the file differs from what was signed");
    expect(bad.stdout).toContain("credentialSubject.identifier[0].identityHash");
    // A JWT whose payload was edited no longer verifies.
    const jwt = readFileSync(join(dir, "EX-0001.ob3.jwt"), "utf8").split(".");
    const edited = Buffer.from(
      Buffer.from(jwt[1] as string, "base64url")
        .toString()
        .replaceAll("王小明", "王大明"),
    ).toString("base64url");
    writeFileSync(join(dir, "edited.jwt"), `${jwt[0]}.${edited}.${jwt[2]}`);
    const badJwt = runCli(["verify", join(dir, "edited.jwt"), "--trust", p.cert]);
    expect(badJwt.code).toBe(1);
    expect(badJwt.stdout).toContain("does not verify");
  });
});

describe("a production identity as PKCS#12", () => {
  it("signs with signing.keyFile and the password from the environment variable the config names", () => {
    const q = project("Example University");
    execFileSync("openssl", [
      "pkcs12", "-export", "-inkey", q.key, "-in", q.cert, "-out", join(q.dir, "eseal.p12"), "-passout", "pass:s3cret-p4ss",
    ]); // biome-ignore format: one command
    writeFileSync(
      join(q.dir, "supplement.config.yaml"),
      "signing:\n  keyFile: eseal.p12\n  passwordEnv: ESEAL_PASSWORD\n",
    );
    const missing = runCli(["build", FULL_STACK, "-o", "p", "--sign"], { cwd: q.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("$ESEAL_PASSWORD, which is not set");
    const wrong = runCli(["build", FULL_STACK, "-o", "p", "--sign"], {
      cwd: q.dir,
      env: { ESEAL_PASSWORD: "wrong" },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("the password does not open it");
    const ok = runCli(["build", FULL_STACK, "-o", "p", "--sign"], {
      cwd: q.dir,
      env: { ESEAL_PASSWORD: "s3cret-p4ss" },
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain("development, not trusted");
    expect(pdfsig(join(q.dir, "p/full-stack.pdf"))).toContain("Signature is Valid.");
    const v = runCli(["verify", "p/full-stack.pdf", "--trust", q.cert], { cwd: q.dir });
    expect(v.code, v.stdout).toBe(0);
  });

  it("reads PKCS#12 files in the legacy encryption (3DES, RC2-40) that Windows, macOS and many CAs export, EC and RSA", () => {
    const q = project("Example University");
    const rsaKey = join(q.dir, "rsa.key");
    const rsaCert = join(q.dir, "rsa.crt");
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", rsaKey, "-out", rsaCert, "-subj", "/CN=RSA University/O=RSA University", "-days", "30",
    ], { stdio: "ignore" }); // biome-ignore format: one command
    const files = {
      // RC2-40 for the certificates, 3DES for the key: `openssl pkcs12 -legacy`, as OpenSSL 1.x wrote.
      "ec-legacy.p12": ["-legacy", "-inkey", q.key, "-in", q.cert],
      "ec-3des.p12": ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1", "-inkey", q.key, "-in", q.cert],
      "rsa-legacy.p12": ["-legacy", "-inkey", rsaKey, "-in", rsaCert],
    }; // biome-ignore format: one entry a line
    for (const [name, args] of Object.entries(files)) {
      execFileSync("openssl", [
        "pkcs12",
        "-export",
        ...args,
        "-out",
        join(q.dir, name),
        "-passout",
        "pass:pw",
      ]);
      writeFileSync(
        join(q.dir, "supplement.config.yaml"),
        `signing:\n  keyFile: ${name}\n  passwordEnv: P12_PASSWORD\n`,
      );
      const out = `out-${name}`;
      const ok = runCli(["build", FULL_STACK, "-o", out, "--sign"], {
        cwd: q.dir,
        env: { P12_PASSWORD: "pw" },
      });
      expect(ok.code, `${name}: ${ok.stderr}`).toBe(0);
      const sig = pdfsig(join(q.dir, out, "full-stack.pdf"));
      expect(sig, name).toContain("Signature is Valid.");
      expect(sig, name).toContain(name.startsWith("rsa") ? "RSA University" : "Example University");
      const wrong = runCli(["build", FULL_STACK, "-o", `${out}-x`, "--sign"], {
        cwd: q.dir,
        env: { P12_PASSWORD: "nope" },
      });
      expect(wrong.code, name).toBe(2);
      expect(wrong.stderr, name).toContain("the password does not open it");
    }
  });
});
