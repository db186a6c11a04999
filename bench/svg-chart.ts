// A small, dependency-free SVG line chart for benchmark results the README embeds.

/** One line of the chart: `[x, y]` points in data units. */
export interface ChartSeries {
  readonly name: string;
  /** A CSS colour, e.g. `#0969da`. */
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

/** What {@link renderLineChart} draws. */
export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

const WIDTH = 640;
const HEIGHT = 380;
const MARGIN = { top: 40, right: 170, bottom: 50, left: 60 };

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A round step giving about `count` ticks from 0 to `max`. */
function tickStep(max: number, count = 5): number {
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  return step ?? 10 * magnitude;
}

/** Renders linear axes from 0, one polyline with point markers per series, and a legend. */
export function renderLineChart(chart: LineChart): string {
  const xs = chart.series.flatMap((s) => s.points.map(([x]) => x));
  const ys = chart.series.flatMap((s) => s.points.map(([, y]) => y));
  const xMax = Math.max(1, ...xs);
  const yStep = tickStep(Math.max(1e-9, ...ys));
  const yMax = Math.max(yStep, Math.ceil(Math.max(0, ...ys) / yStep) * yStep);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => +(MARGIN.left + (x / xMax) * plotW).toFixed(1);
  const py = (y: number) => +(MARGIN.top + plotH - (y / yMax) * plotH).toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui,-apple-system,Segoe UI,sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(chart.title)}</text>`,
  ];
  for (let y = 0; y <= yMax + 1e-9; y += yStep) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${py(y)}" x2="${MARGIN.left + plotW}" y2="${py(y)}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${MARGIN.left - 8}" y="${py(y) + 4}" text-anchor="end">${+y.toFixed(2)}</text>`,
    );
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(
      `<line x1="${px(x)}" y1="${MARGIN.top + plotH}" x2="${px(x)}" y2="${MARGIN.top + plotH + 5}" stroke="#57606a"/>`,
      `<text x="${px(x)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${x}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}" stroke="#57606a"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}" stroke="#57606a"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`,
  );
  chart.series.forEach((s, i) => {
    const points = [...s.points].sort((a, b) => a[0] - b[0]);
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points.map(([x, y]) => `${px(x)},${py(y)}`).join(' ')}"/>`,
      ...points.map(([x, y]) => `<circle cx="${px(x)}" cy="${py(y)}" r="3.5" fill="${s.color}"/>`),
    );
    const ly = MARGIN.top + 10 + i * 20;
    const lx = MARGIN.left + plotW + 16;
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${lx + 28}" y="${ly + 4}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
