// The subset of jsonld.js 9 this package uses. @types/jsonld describes the 1.5 API (callback-style
// document loaders, no `safe` option), so it is not used.
declare module 'jsonld' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
    /** 'static': the document never changes, so jsonld.js may cache it across operations. */
    tag?: string;
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  export interface ProcessingOptions {
    documentLoader?: DocumentLoader;
    base?: string | null;
    safe?: boolean;
    /** compact only: the input is expanded form already. */
    skipExpansion?: boolean;
  }
  interface JsonLd {
    expand(input: unknown, options?: ProcessingOptions): Promise<Array<Record<string, unknown>>>;
    compact(input: unknown, context: unknown, options?: ProcessingOptions): Promise<Record<string, unknown>>;
    documentLoader: DocumentLoader;
  }
  const jsonld: JsonLd;
  export default jsonld;
}
