// @perflens/k6-scripts has no Node API: its products are the k6 entry scripts (src/<test type>.ts), their
// bundles (dist/) and the generated SLO thresholds. The file stays so the workspace has the usual surface.
export {};
