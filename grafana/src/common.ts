// Panel defaults shared by every row: the datasource reference, target shape,
// legend and tooltip settings. Row modules say only what differs (title,
// description, unit, queries); ids and grid positions are assigned by
// dashboard.ts, so rows can be reordered without touching coordinates.
import { config } from './config';
import { DataSourceRef, FieldConfig, FieldOverride, Panel, PanelType, Target, ThresholdStep, Transformation } from './model';

/** Panels and targets name the datasource variable, so users can switch it; its default is the import input. */
export const datasource: DataSourceRef = { type: 'prometheus', uid: `\${${config.datasourceVariable}}` };

export interface QuerySpec {
  expr: string;
  legend?: string;
  /** Instant (one value per series, at the range's end) rather than a range query. */
  instant?: boolean;
  format?: Target['format'];
}

/** A panel before layout: what a row module describes. */
export interface PanelSpec extends Omit<Panel, 'id' | 'gridPos'> {
  size: { w: number; h: number };
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
  /** Folded away until opened (panels most dashboards have no data for). */
  collapsed?: boolean;
}

function targets(queries: QuerySpec[]): Target[] {
  return queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    expr: q.expr,
    datasource,
    ...(q.legend !== undefined ? { legendFormat: q.legend } : {}),
    instant: q.instant ?? false,
    range: !(q.instant ?? false),
    format: q.format ?? 'time_series',
    editorMode: 'code',
  }));
}

interface CommonOptions {
  title: string;
  /** Shown on the panel's (i) icon: what it shows and how to read it. */
  description: string;
  unit: string;
  queries: QuerySpec[];
  w?: number;
  h?: number;
  overrides?: FieldOverride[];
}

function panel(type: PanelType, o: CommonOptions, fieldConfig: Partial<FieldConfig['defaults']>, options: Record<string, unknown>, transformations?: Transformation[]): PanelSpec {
  return {
    type,
    title: o.title,
    description: o.description,
    datasource,
    targets: targets(o.queries),
    fieldConfig: { defaults: { ...fieldConfig, unit: o.unit }, overrides: o.overrides ?? [] },
    options,
    ...(transformations ? { transformations } : {}),
    size: { w: o.w ?? 12, h: o.h ?? 8 },
  };
}

export interface TimeseriesOptions extends CommonOptions {
  /** Stack series (parts of a whole, such as modules' shares of the total). */
  stack?: boolean;
  /** Legend as a table with these calculations; default mean and max. */
  calcs?: string[];
}

export function timeseries(o: TimeseriesOptions): PanelSpec {
  return panel(
    'timeseries',
    o,
    {
      min: 0,
      custom: {
        drawStyle: 'line',
        lineWidth: 1,
        fillOpacity: o.stack ? 30 : 10,
        showPoints: 'never',
        spanNulls: false,
        stacking: { mode: o.stack ? 'normal' : 'none', group: 'A' },
      },
    },
    {
      legend: { showLegend: true, displayMode: 'table', placement: 'right', calcs: o.calcs ?? ['mean', 'max'], sortBy: 'Mean', sortDesc: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  );
}

export interface StatOptions extends CommonOptions {
  thresholds?: ThresholdStep[];
}

export function stat(o: StatOptions): PanelSpec {
  return panel(
    'stat',
    { w: 6, h: 4, ...o },
    { color: { mode: 'thresholds' }, thresholds: { mode: 'absolute', steps: o.thresholds ?? [{ color: 'green', value: null }] } },
    {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'value',
      graphMode: 'area',
      justifyMode: 'auto',
      orientation: 'auto',
      textMode: 'auto',
    },
  );
}

/**
 * A heatmap over pre-bucketed Prometheus histograms: `format: heatmap` turns
 * the cumulative `le` series into per-bucket counts, and `calculate: false`
 * keeps Grafana from re-bucketing what the exporter already bucketed.
 */
export function heatmap(o: CommonOptions): PanelSpec {
  return panel(
    'heatmap',
    o,
    {},
    {
      calculate: false,
      cellGap: 1,
      color: { mode: 'scheme', scheme: 'Spectral', scale: 'exponential', exponent: 0.5, reverse: false, steps: 64 },
      yAxis: { axisPlacement: 'left', unit: o.unit, reverse: false },
      rowsFrame: { layout: 'auto' },
      cellValues: { unit: 'ops' },
      tooltip: { show: true, yHistogram: true },
      legend: { show: true },
      exemplars: { color: 'rgba(255,0,255,0.7)' },
    },
  );
}

export interface TableOptions extends CommonOptions {
  transformations: Transformation[];
  sortBy?: { displayName: string; desc: boolean }[];
}

export function table(o: TableOptions): PanelSpec {
  return panel(
    'table',
    o,
    { custom: { align: 'auto', cellOptions: { type: 'auto' }, filterable: true } },
    { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' }, sortBy: o.sortBy ?? [] },
    o.transformations,
  );
}

/** A field override that gives one table column (or series) its own unit. */
export function unitOverride(fieldName: string, unit: string, decimals?: number): FieldOverride {
  const properties: FieldOverride['properties'] = [{ id: 'unit', value: unit }];
  if (decimals !== undefined) properties.push({ id: 'decimals', value: decimals });
  return { matcher: { id: 'byName', options: fieldName }, properties };
}
