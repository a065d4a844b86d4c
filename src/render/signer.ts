/** What the use cases need of a signer: PDF bytes in, signed PDF bytes out (see crypto/pades.ts). */
export type PdfSigner = (pdf: Uint8Array) => Promise<Uint8Array>;
