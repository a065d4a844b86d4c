/** What the use cases need of a signer (see crypto/): PDFs signed, twins given their secured form. */
export interface Signer {
  /** Who signs: the certificate's common name, and whether it is a development identity. */
  readonly identity: { name: string; development: boolean };
  /** The PDF with its signature (applied last). */
  pdf(pdf: Uint8Array): Promise<Uint8Array>;
  /** A learner twin's secured form: an OB3 VC-JWT, or a JAdES-sealed EDC. */
  secure(twin: { kind: "elm" | "ob3"; name: string; text: string }): Promise<{
    name: string;
    mime: string;
    description: string;
    text: string;
  }>;
}
