/**
 * PNG and JPEG files read far enough to know that Chromium will draw them: a damaged or truncated
 * file, or one whose pixel size would take hundreds of megabytes to decode, would otherwise print
 * as a broken-image icon in an official document, with exit 0. Pure.
 */
import { crc32, inflateSync } from "node:zlib";

/** The largest image accepted: far more than print needs (a 10 cm logo at 600 dpi is 2,362 px). */
export const MAX_IMAGE_SIDE = 10_000;
export const MAX_IMAGE_PIXELS = 20_000_000;

/** Above this, the PNG's pixel data is not inflated to check its length (the CRCs still are). */
const MAX_INFLATE_BYTES = 64 * 1024 * 1024;

export interface ImageSize {
  width: number;
  height: number;
}

/** What is wrong with the image: a sentence without the file's name, or its size when it is sound. */
export type ImageCheck = { size: ImageSize } | { problem: string };

function sized(width: number, height: number): ImageCheck {
  if (width < 1 || height < 1)
    return { problem: `it declares a size of ${width} × ${height} pixels` };
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS)
    return {
      problem: `it is ${width} × ${height} pixels, more than the ${MAX_IMAGE_SIDE.toLocaleString("en")} pixels a side (or ${MAX_IMAGE_PIXELS / 1e6} million in all) that is accepted`,
    };
  return { size: { width, height } };
}

/** Channels per pixel for each PNG colour type, and the bit depths each allows. */
const PNG_COLOUR: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** Bytes of filtered pixel data a PNG of this size and format decodes to (Adam7 when interlaced). */
function pngDataLength(width: number, height: number, bitsPerPixel: number, interlaced: boolean) {
  const rows = (w: number, h: number) => (w && h ? h * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const;
  let total = 0;
  for (const [x0, y0, dx, dy] of passes)
    total += rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy));
  return total;
}

export function checkPng(bytes: Uint8Array): ImageCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let header:
    | { width: number; height: number; bits: number; interlaced: boolean; paletted: boolean }
    | undefined;
  let palette = false;
  let ended = false;
  const data: Uint8Array[] = [];
  while (at < bytes.length && !ended) {
    if (at + 12 > bytes.length)
      return { problem: "the file ends in the middle of a chunk (truncated)" };
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) return { problem: `it has a damaged chunk at byte ${at}` };
    if (at + 12 + length > bytes.length)
      return { problem: `the file ends inside its ${type} chunk (truncated)` };
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0 !== view.getUint32(at + 8 + length))
      return { problem: `its ${type} chunk is damaged (checksum mismatch)` };
    if (!header && type !== "IHDR")
      return { problem: "it does not start with an image header (IHDR)" };
    if (type === "IHDR") {
      if (header || length !== 13) return { problem: "it has a malformed image header (IHDR)" };
      const width = view.getUint32(at + 8);
      const height = view.getUint32(at + 12);
      const depth = body[8] as number;
      const colour = PNG_COLOUR[body[9] as number];
      if (
        !colour?.depths.includes(depth) ||
        body[10] !== 0 ||
        body[11] !== 0 ||
        (body[12] as number) > 1
      )
        return { problem: "its image header (IHDR) names a format PNG does not have" };
      const size = sized(width, height);
      if ("problem" in size) return size;
      header = {
        width,
        height,
        bits: colour.channels * depth,
        interlaced: body[12] === 1,
        paletted: body[9] === 3,
      };
    } else if (type === "PLTE") palette = true;
    else if (type === "IDAT") data.push(body);
    else if (type === "IEND") ended = true;
    at += 12 + length;
  }
  if (!header) return { problem: "it has no image header (IHDR)" };
  if (!data.length) return { problem: "it has no image data (IDAT)" };
  if (!ended) return { problem: "the file ends before its IEND chunk (truncated)" };
  if (header.paletted && !palette) return { problem: "it uses a palette but has none (PLTE)" };
  const expected = pngDataLength(header.width, header.height, header.bits, header.interlaced);
  if (expected <= MAX_INFLATE_BYTES) {
    let complete: boolean;
    try {
      complete = inflateSync(Buffer.concat(data), { maxOutputLength: expected }).length >= expected;
    } catch (e) {
      // More data than the size needs is ignored by decoders; only less, or damage, is a problem.
      if ((e as { code?: string }).code !== "ERR_BUFFER_TOO_LARGE")
        return { problem: "its pixel data is damaged or incomplete" };
      complete = true;
    }
    if (!complete) return { problem: "its pixel data is incomplete (truncated)" };
  }
  return { size: { width: header.width, height: header.height } };
}

/** SOF markers that carry the frame's size (every SOFn except DHT, JPG and DAC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

export function checkJpeg(bytes: Uint8Array): ImageCheck {
  let at = 2;
  let size: ImageCheck | undefined;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return { problem: `it has a damaged marker at byte ${at}` };
    while (bytes[at] === 0xff) at++; // fill bytes
    const marker = bytes[at++];
    if (marker === undefined) break;
    if (marker === 0xd9) return { problem: "it ends before its image data" };
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (at + 2 > bytes.length) break;
    const length = ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
    if (length < 2 || at + length > bytes.length) break;
    if (SOF.has(marker)) {
      if (length < 8) return { problem: "its frame header is malformed" };
      const height = ((bytes[at + 3] as number) << 8) | (bytes[at + 4] as number);
      const width = ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number);
      size = sized(width, height);
      if ("problem" in size) return size;
    }
    if (marker === 0xda) {
      if (!size) return { problem: "its image data comes before its frame header" };
      // Entropy-coded data follows; the image is complete when an end-of-image marker comes after it.
      for (let i = bytes.length - 2; i > at; i--)
        if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return size;
      return { problem: "the file ends before the end of its image data (truncated)" };
    }
    at += length;
  }
  return { problem: "the file ends before its image data (truncated)" };
}
