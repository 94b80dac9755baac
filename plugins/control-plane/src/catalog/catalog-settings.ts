import { MAX_PAGE_LIMIT, type Static, Type } from '@tdss/sdk';

/** The `catalog` settings of @tdss/control-plane. */
export const CatalogSettings = Type.Object(
  {
    transferFormats: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      uniqueItems: true,
      default: ['HttpData-PULL', 'HttpData-PUSH'],
      description:
        'Transfer types (DSP distribution formats) every dataset is offered in, one Distribution each. Until data planes ' +
        'register what they serve, this list says what the participants of this control plane can transfer.',
    }),
    pageSize: Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_LIMIT,
      default: 50,
      description: `Datasets per catalog page when the request names no limit; a request may ask for up to ${MAX_PAGE_LIMIT}.`,
    }),
    requestTimeoutMs: Type.Integer({
      minimum: 1,
      default: 30_000,
      description: 'How long a catalog or dataset request to a counterparty (management API, consumer side) waits for its answer before it fails with 504.',
    }),
  },
  { default: {}, description: 'The DSP catalog: what datasets are offered in, page size, and requests to counterparties.' },
);

export type CatalogSettings = Static<typeof CatalogSettings>;
