/**
 * A JSON-LD document loader that serves every context the twins use from local files and npm
 * packages, and refuses everything else: nothing is ever fetched over the network.
 */
import { createRequire } from "node:module";
import { standardJson } from "./files.js";

export const CONTEXTS = {
  credentialsV1: "https://www.w3.org/2018/credentials/v1",
  credentialsV2: "https://www.w3.org/ns/credentials/v2",
  edc: "http://data.europa.eu/snb/model/context/edc-ap",
  ob3: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
} as const;

export class ContextRefusedError extends Error {
  constructor(readonly url: string) {
    super(
      `the JSON-LD context ${url} is not one supplement holds locally, and nothing is fetched from the network`,
    );
  }
}

let documents: Map<string, unknown> | undefined;

function localDocuments(): Map<string, unknown> {
  if (documents) return documents;
  const require = createRequire(import.meta.url);
  // @digitalbazaar/credentials-context ships the W3C VC v1 and v2 contexts, keyed by their URL.
  const vc = (require("@digitalbazaar/credentials-context") as { contexts: Map<string, unknown> })
    .contexts;
  documents = new Map<string, unknown>([
    [CONTEXTS.credentialsV1, vc.get(CONTEXTS.credentialsV1)],
    [CONTEXTS.credentialsV2, vc.get(CONTEXTS.credentialsV2)],
    [CONTEXTS.edc, standardJson("edc-ap-context.jsonld")],
    [CONTEXTS.ob3, standardJson("ob3-context-3.0.3.json")],
  ]);
  // The EDC context is also named with a trailing slash or as https in the wild.
  documents.set(`${CONTEXTS.edc}/`, documents.get(CONTEXTS.edc));
  documents.set(CONTEXTS.edc.replace("http:", "https:"), documents.get(CONTEXTS.edc));
  return documents;
}

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/** The loader to pass to jsonld (`documentLoader`); it throws ContextRefusedError for any other URL. */
export async function documentLoader(url: string): Promise<RemoteDocument> {
  const document = localDocuments().get(url);
  if (document === undefined) throw new ContextRefusedError(url);
  return { contextUrl: null, documentUrl: url, document };
}
