// Assembles the rows into the dashboard: assigns panel ids and grid
// positions (left to right, wrapping at Grafana's 24 columns), adds the
// import input, requirements and variables. `dashboard()` is the whole
// JSON model; `panelQueries()` lists every query so tests can run them.
import { config } from './config';
import { PanelSpec, RowSpec } from './common';
import { Dashboard, Panel, PanelType, RowPanel } from './model';
import { variables } from './variables';
import { overviewRow } from './rows/overview';
import { functionsRow } from './rows/functions';
import { tableRow } from './rows/table';
import { modulesRow } from './rows/modules';
import { entriesRow } from './rows/entries';
import { debugRow } from './rows/debug';

const GRID_WIDTH = 24;

export function rows(): RowSpec[] {
  return [overviewRow(), functionsRow(), tableRow(), modulesRow(), entriesRow(), debugRow()];
}

function layout(specs: RowSpec[]): (Panel | RowPanel)[] {
  const out: (Panel | RowPanel)[] = [];
  let id = 1;
  let y = 0;
  for (const row of specs) {
    const rowPanel: RowPanel = { id: id++, type: 'row', title: row.title, collapsed: row.collapsed ?? false, gridPos: { h: 1, w: GRID_WIDTH, x: 0, y }, panels: [] };
    out.push(rowPanel);
    y += 1;
    // A collapsed row keeps its panels inside it, placed where they go when opened.
    const into = rowPanel.collapsed ? rowPanel.panels : out;
    const start = y;
    let x = 0;
    let lineHeight = 0;
    for (const spec of row.panels) {
      const { size, ...rest } = spec as PanelSpec;
      if (x + size.w > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      into.push({ id: id++, ...rest, gridPos: { h: size.h, w: size.w, x, y } });
      x += size.w;
      lineHeight = Math.max(lineHeight, size.h);
    }
    y += lineHeight;
    if (rowPanel.collapsed) y = start;
  }
  return out;
}

const PANEL_NAMES: Record<PanelType, string> = { timeseries: 'Time series', stat: 'Stat', heatmap: 'Heatmap', table: 'Table' };

export function dashboard(): Dashboard {
  const panels = layout(rows());
  const used = [...new Set(allPanels(panels).map((p) => p.type))].sort();
  return {
    __inputs: [
      {
        name: config.datasourceInput,
        label: 'Prometheus',
        description: 'The Prometheus that scrapes the hpy-node /metrics endpoints.',
        type: 'datasource',
        pluginId: 'prometheus',
        pluginName: 'Prometheus',
      },
    ],
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.0.0' },
      { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
      ...used.map((t) => ({ type: 'panel' as const, id: t, name: PANEL_NAMES[t], version: '' })),
    ],
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    description: 'HPy API calls made by HPy extensions running under hpy-node in trace mode: how often, how long, per function and per module.',
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    id: null,
    links: [],
    panels,
    refresh: '30s',
    // 38 is Grafana 10.0's: later versions migrate it forward on load.
    schemaVersion: 38,
    tags: [...config.tags],
    templating: { list: variables() },
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    timezone: '',
    title: config.title,
    uid: config.uid,
    version: 1,
    weekStart: '',
  };
}

export interface PanelQuery {
  panel: string;
  panelType: PanelType;
  refId: string;
  /** With Grafana's variables ($job, $__rate_interval, ...) still in it. */
  expr: string;
  instant: boolean;
}

/** Every panel, those inside collapsed rows included. */
export function allPanels(panels: (Panel | RowPanel)[]): Panel[] {
  return panels.flatMap((p) => (p.type === 'row' ? p.panels : [p]));
}

export function panelQueries(d: Dashboard = dashboard()): PanelQuery[] {
  return allPanels(d.panels).flatMap((p) => p.targets.map((t) => ({ panel: p.title, panelType: p.type, refId: t.refId, expr: t.expr, instant: t.instant })));
}
