import { type FieldConfigPropertyItem, standardFieldConfigEditorRegistry } from '@grafana/data';

/** The standard field options the app's panels set; Grafana registers them (with editors) in its own code. */
const STANDARD_OPTIONS = [
  'unit',
  'min',
  'max',
  'decimals',
  'displayName',
  'noValue',
  'thresholds',
  'color',
  'mappings',
];

const NoEditor = () => null;

/** A field option applied as given: the harness has no options pane, so only `process` matters. */
export function passThroughOption(id: string, defaultValue?: unknown): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    editor: NoEditor,
    override: NoEditor,
    process: (value: unknown) => value,
    shouldApply: () => true,
    ...(defaultValue !== undefined ? { defaultValue } : {}),
  };
}

/**
 * Grafana fills @grafana/data's registry of standard field options at start (its OptionsUI registry, not in
 * any npm package). Without it, panels' `fieldConfig.defaults` (unit, thresholds) never reach the frames, and
 * charts would show bare numbers; the harness registers the options the app uses, applied as given.
 */
export function registerStandardFieldOptions() {
  standardFieldConfigEditorRegistry.setInit(() => STANDARD_OPTIONS.map((id) => passThroughOption(id)));
}
