import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkJpeg, checkPng } from "../../src/core/images.js";
import { readImage } from "../../src/io/assets.js";
import { TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

/** A PNG: RGBA 8-bit unless the header says otherwise, with `rows` bytes of pixel data. */
function png(
  width: number,
  height: number,
  { colour = 6, depth = 8, rows, interlace = 0, plte = false } = {} as {
    colour?: number;
    depth?: number;
    rows?: Buffer;
    interlace?: number;
    plte?: boolean;
  },
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colour;
  ihdr[12] = interlace;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour] ?? 4;
  const data = rows ?? Buffer.alloc(height * (1 + Math.ceil((width * channels * depth) / 8)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    ...(plte ? [chunk("PLTE", Buffer.from([0, 0, 0, 255, 255, 255]))] : []),
    chunk("IDAT", deflateSync(data)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const problem = (r: ReturnType<typeof checkPng>) => ("problem" in r ? r.problem : undefined);

describe("PNG images", () => {
  it("accepts sound images, interlaced and paletted ones too", () => {
    expect(checkPng(png(120, 40))).toEqual({ size: { width: 120, height: 40 } });
    // Adam7: 7 × 5 RGBA pixels are 151 bytes of filtered data over the seven passes.
    expect(problem(checkPng(png(7, 5, { interlace: 1, rows: Buffer.alloc(151) })))).toBeUndefined();
    expect(problem(checkPng(png(7, 5, { interlace: 1, rows: Buffer.alloc(150) })))).toMatch(
      /incomplete/,
    );
    // More data than needed is ignored by decoders, and here.
    expect(problem(checkPng(png(4, 4, { rows: Buffer.alloc(500) })))).toBeUndefined();
    expect(problem(checkPng(png(9, 9, { colour: 3, depth: 2, plte: true })))).toBeUndefined();
    expect(problem(checkPng(png(9, 9, { colour: 0, depth: 16 })))).toBeUndefined();
  });

  it("refuses truncated, damaged and oversized images, each with its reason", () => {
    const sound = png(120, 40);
    expect(problem(checkPng(sound.subarray(0, sound.length - 20)))).toMatch(/truncated/);
    expect(problem(checkPng(sound.subarray(0, 30)))).toMatch(/truncated/);
    const flipped = Buffer.from(sound);
    flipped[60] = (flipped[60] as number) ^ 0xff;
    expect(problem(checkPng(flipped))).toMatch(/checksum mismatch/);
    // Pixel data shorter than the header's size: CRCs are right, the image is not.
    expect(problem(checkPng(png(120, 40, { rows: Buffer.alloc(100) })))).toMatch(/incomplete/);
    // A decompression bomb: a few hundred bytes that claim 60,000 × 60,000 pixels.
    expect(problem(checkPng(png(60_000, 60_000, { rows: Buffer.alloc(10) })))).toMatch(
      /60000 × 60000 pixels, more than/,
    );
    expect(problem(checkPng(png(0, 10)))).toMatch(/size of 0 × 10/);
    expect(problem(checkPng(png(4, 4, { colour: 2, depth: 4 })))).toMatch(
      /format PNG does not have/,
    );
    expect(problem(checkPng(png(4, 4, { colour: 3 })))).toMatch(/palette but has none/);
  });
});

describe("JPEG images", () => {
  const jpeg = readFileSync(join(ROOT, "test/fixtures/images/logo.jpg"));

  it("accepts a sound image and reads its size", () => {
    expect(checkJpeg(jpeg)).toEqual({ size: { width: 48, height: 24 } });
  });

  it("refuses a truncated image wherever it was cut", () => {
    for (const at of [4, 20, 200, jpeg.length - 2])
      expect(problem(checkJpeg(jpeg.subarray(0, at))), `cut at ${at}`).toMatch(/truncated|ends/);
  });

  it("refuses a frame larger than accepted", () => {
    const big = Buffer.from(jpeg);
    const sof = big.indexOf(Buffer.from([0xff, 0xc0]));
    big.writeUInt16BE(40_000, sof + 5); // height
    big.writeUInt16BE(40_000, sof + 7); // width
    expect(problem(checkJpeg(big))).toMatch(/40000 × 40000 pixels/);
  });
});

describe("readImage", () => {
  it("names a damaged image as asset/damaged with the reason", () => {
    const dir = mkdtempSync(join(TEST_TMP, "images-"));
    const sound = png(10, 10);
    writeFileSync(join(dir, "cut.png"), sound.subarray(0, sound.length - 30));
    writeFileSync(join(dir, "ok.png"), sound);
    expect(readImage("cut.png", dir)).toMatchObject({
      code: "asset/damaged",
      message: expect.stringMatching(/^"cut.png" cannot be used as a PNG image: .*truncated/),
    });
    expect(readImage("ok.png", dir)).toEqual({
      src: `data:image/png;base64,${sound.toString("base64")}`,
    });
  });
});
