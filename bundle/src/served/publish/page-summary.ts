import type { BundleBudget } from '../../budget/bundle-budget';
import type { BundleFindingDraft } from '../../checks/bundle-check';
import type { ServedCheck, ServedPage } from '../served-page';

/**
 * One page's served-asset summary as the exporter's POST /api/v1/frontend-assets takes it (its zod schema in
 * exporter/src/frontend-assets/frontend-asset-summary.ts is the contract; docs/exporter.md lists the fields).
 */
export interface PageSummary {
  page: string;
  reportedAtSeconds: number;
  script: { bytes: number; budgetBytes: number };
  style: { bytes: number; budgetBytes: number };
  uncompressedBytes: number;
  renderBlocking: { scripts: number; stylesheets: number };
  savingsBytes: { compression: number; renderBlocking: number; images: number };
}

/** Each served check's drafts for one page. */
export type CheckedPage = ReadonlyArray<{ check: ServedCheck; drafts: readonly BundleFindingDraft[] }>;

const draftsOf = (checked: CheckedPage, id: string) =>
  checked.filter(({ check }) => check.metadata.id === id).flatMap(({ drafts }) => drafts);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * The numbers the engine judges the page by (checks/frontend/ in @perflens/analysis), measured as the
 * served checks measured them: bytes as transferred, savings as the findings state them.
 */
export function pageSummary(
  page: string,
  served: ServedPage,
  checked: CheckedPage,
  budget: BundleBudget,
  nowSeconds: number,
): PageSummary {
  const transferred = (kind: 'script' | 'stylesheet') =>
    sum(
      served.assets.filter(({ asset }) => asset.kind === kind).map(({ response }) => response.transferBytes),
    );
  const blocking = served.assets.filter(({ asset }) => asset.renderBlocking && asset.inHead);
  const uncompressed = draftsOf(checked, 'frontend.uncompressed-assets');
  return {
    page,
    reportedAtSeconds: Math.floor(nowSeconds),
    script: { bytes: transferred('script'), budgetBytes: budget.initialJsGzipBytes },
    style: { bytes: transferred('stylesheet'), budgetBytes: budget.initialCssGzipBytes },
    uncompressedBytes: sum(uncompressed.map((draft) => draft.evidence[0]?.value ?? 0)),
    renderBlocking: {
      scripts: blocking.filter(({ asset }) => asset.kind === 'script').length,
      stylesheets: blocking.filter(({ asset }) => asset.kind === 'stylesheet').length,
    },
    savingsBytes: {
      compression: sum(uncompressed.map((draft) => draft.savedBytes)),
      renderBlocking: sum(blocking.map(({ response }) => response.transferBytes)),
      images: sum(draftsOf(checked, 'frontend.image-size-and-format').map((draft) => draft.savedBytes)),
    },
  };
}
