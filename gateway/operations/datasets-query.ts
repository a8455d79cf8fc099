/**
 * The catalogue of the datasets behind the hub's records (`Query.datasets`, public): what the dashboard's
 * "Fuentes" page lists. It groups every collection of every pillar, so the page asks it once, when the "Fuentes"
 * page is first opened.
 */
export const DATASETS_QUERY = /* GraphQL */ `
  query DashboardDatasets {
    datasets {
      items {
        id
        title
        kind
        publisher
        issued
        modified
        licence
        landingPage
        note
        records {
          pillar
          entity
          records
        }
        totalRecords
      }
    }
  }
`;

/** One dataset as `DATASETS_QUERY` returns it (DCAT's terms; dates are `YYYY-MM-DD`). */
export interface CatalogueDataset {
  id: string;
  title: string;
  kind: string;
  publisher: string;
  issued: string;
  modified: string;
  licence: string | null;
  landingPage: string | null;
  note: string | null;
  records: { pillar: string; entity: string; records: number }[];
  totalRecords: number;
}
