/**
 * W3C Bitstring Status List v1.0: a credential's revocation is one bit of a list, published as a
 * status-list credential. The list is at least 16 KB (131,072 entries) so that a list says little
 * about how many credentials exist; it is GZIP-compressed and multibase base64url-encoded ("u").
 * Index 0 is the left-most bit of the first byte. Pure.
 */
import { gunzipSync, gzipSync } from "node:zlib";

export const MIN_LIST_BITS = 131_072;

/** Where a status list is published: status/<list>.json at the verification address's origin. */
export function statusListUrl(verifyUrl: string, list: string): string {
  return `${new URL(verifyUrl).origin}/status/${list}.json`;
}

export function encodeStatusList(setIndexes: Iterable<number>, size = MIN_LIST_BITS): string {
  let bits = size;
  for (const i of setIndexes) if (i >= bits) bits = Math.ceil((i + 1) / 8) * 8;
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  for (const i of setIndexes) bytes[i >> 3] = (bytes[i >> 3] as number) | (0x80 >> (i & 7));
  return `u${Buffer.from(gzipSync(bytes, { level: 9 })).toString("base64url")}`;
}

export function decodeStatusList(encoded: string): Uint8Array {
  if (!encoded.startsWith("u")) throw new Error("the list is not multibase base64url (u…)");
  return new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), "base64url")));
}

export function isSet(list: Uint8Array, index: number): boolean {
  const byte = list[index >> 3];
  if (byte === undefined)
    throw new Error(`index ${index} is beyond the list (${list.length * 8} entries)`);
  return (byte & (0x80 >> (index & 7))) !== 0;
}

/** The status-list credential (VC Data Model 2.0), before any signature. */
export function statusListCredential(options: {
  url: string;
  issuer: string;
  validFrom: string;
  revoked: Iterable<number>;
}): Record<string, unknown> {
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    id: options.url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: options.issuer,
    validFrom: options.validFrom,
    credentialSubject: {
      id: `${options.url}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: encodeStatusList(options.revoked),
    },
  };
}
