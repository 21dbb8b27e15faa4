/**
 * The cycles of a dependency graph given as node → the nodes it depends on, as the paths that close them
 * (`a → b → a`); each found once, from the depth-first search's first way into it. A one-way layering has none.
 */
export function findLayeringCycles(graph: Readonly<Record<string, readonly string[]>>): string[][] {
  const cycles: string[][] = [];
  const finished = new Set<string>();
  const visit = (node: string, trail: readonly string[]): void => {
    if (finished.has(node)) return;
    const start = trail.indexOf(node);
    if (start !== -1) {
      cycles.push([...trail.slice(start), node]);
      return;
    }
    for (const next of graph[node] ?? []) visit(next, [...trail, node]);
    finished.add(node);
  };
  for (const node of Object.keys(graph).sort()) visit(node, []);
  return cycles;
}
