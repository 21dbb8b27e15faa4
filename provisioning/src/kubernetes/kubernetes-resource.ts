// What every generated Kubernetes resource shares: its shape, the labels that mark it as Perflens', and the
// header of the files (kubernetes-manifests.ts writes one resource per file).

/** A Kubernetes object as it is applied: apiVersion, kind, metadata and the kind's own fields. */
export interface KubernetesResource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** On every resource, so `kubectl get -l app.kubernetes.io/part-of=perflens` lists (and deletes) them all. */
export const PERFLENS_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/part-of': 'perflens',
  'app.kubernetes.io/managed-by': 'perflens-provisioning',
};

/** metadata of a Perflens resource: the shared labels plus its own. */
export function perflensMetadata(
  name: string,
  labels: Readonly<Record<string, string>> = {},
): KubernetesResource['metadata'] {
  return { name, labels: { ...PERFLENS_LABELS, ...labels } };
}
