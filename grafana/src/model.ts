// The slice of Grafana's dashboard JSON model (schemaVersion 38, Grafana 10.0)
// that this dashboard uses, typed so a misspelt field fails to compile.
// Plain objects rather than @grafana/grafana-foundation-sdk: the SDK ships
// only subpath exports (`.../dashboard`), which TypeScript cannot resolve
// under this repo's `moduleResolution: node` (CommonJS) setting.

export interface DataSourceRef {
  type: 'prometheus' | 'datasource' | 'grafana';
  uid: string;
}

export interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

export interface Target {
  refId: string;
  expr: string;
  datasource: DataSourceRef;
  legendFormat?: string;
  /** Instant queries answer one value per series: used by the table. */
  instant: boolean;
  range: boolean;
  format: 'time_series' | 'table' | 'heatmap';
  editorMode: 'code';
}

export interface FieldOverride {
  matcher: { id: 'byName' | 'byRegexp'; options: string };
  properties: { id: string; value: unknown }[];
}

export interface ThresholdStep {
  color: string;
  /** null: the base step, below every other. */
  value: number | null;
}

export interface FieldConfig {
  defaults: {
    unit: string;
    decimals?: number;
    min?: number;
    custom?: Record<string, unknown>;
    color?: Record<string, unknown>;
    thresholds?: { mode: 'absolute'; steps: ThresholdStep[] };
  };
  overrides: FieldOverride[];
}

export interface Transformation {
  id: string;
  options: Record<string, unknown>;
}

export type PanelType = 'timeseries' | 'stat' | 'heatmap' | 'table';

export interface Panel {
  id: number;
  type: PanelType;
  title: string;
  description: string;
  datasource: DataSourceRef;
  gridPos: GridPos;
  targets: Target[];
  fieldConfig: FieldConfig;
  options: Record<string, unknown>;
  transformations?: Transformation[];
  interval?: string;
}

export interface RowPanel {
  id: number;
  type: 'row';
  title: string;
  collapsed: boolean;
  gridPos: GridPos;
  /** A collapsed row holds its panels; an open one has them after it. */
  panels: Panel[];
}

export interface VariableOption {
  selected: boolean;
  text: string | string[];
  value: string | string[];
}

export interface DatasourceVariable {
  type: 'datasource';
  name: string;
  label: string;
  query: 'prometheus';
  current: VariableOption;
  hide: 0;
  refresh: 1;
  regex: '';
  includeAll: false;
  multi: false;
  options: [];
}

export interface QueryVariable {
  type: 'query';
  name: string;
  label: string;
  description: string;
  datasource: DataSourceRef;
  /** `label_values(metric{selector}, label)`: Prometheus' variable query syntax. */
  query: string;
  definition: string;
  current: VariableOption;
  hide: 0;
  /** 2: refresh when the time range changes, so new functions show up. */
  refresh: 2;
  regex: '';
  sort: 1;
  includeAll: true;
  allValue: string;
  multi: true;
  options: [];
}

export type Variable = DatasourceVariable | QueryVariable;

export interface DashboardInput {
  name: string;
  label: string;
  description: string;
  type: 'datasource';
  pluginId: 'prometheus';
  pluginName: 'Prometheus';
}

export interface Requirement {
  type: 'grafana' | 'datasource' | 'panel';
  id: string;
  name: string;
  version: string;
}

export interface Dashboard {
  __inputs: DashboardInput[];
  __requires: Requirement[];
  annotations: { list: Record<string, unknown>[] };
  description: string;
  editable: boolean;
  fiscalYearStartMonth: 0;
  graphTooltip: 0 | 1 | 2;
  id: null;
  links: [];
  panels: (Panel | RowPanel)[];
  refresh: string;
  schemaVersion: number;
  tags: string[];
  templating: { list: Variable[] };
  time: { from: string; to: string };
  timepicker: Record<string, never>;
  timezone: '';
  title: string;
  uid: string;
  version: 1;
  weekStart: '';
}
