import type { EChartsCoreOption } from 'echarts/core';

/** Room per bar: two lines of a wrapped label. */
export const barHeight = (bars: number) => Math.max(260, bars * 36 + 40);

/** Horizontal bars, one per named group (hours by activity type). */
export function horizontalBars(data: { name: string; value: number }[], unit: string): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} ${unit}` },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: data.map((d) => d.name), inverse: true, axisLabel: { interval: 0, width: 130, overflow: 'break', lineHeight: 14 } },
    series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#c0392b' }, barMaxWidth: 22, label: { show: true, position: 'right' } }],
  };
}

/** Twelve months: hours and person-times side by side, each on its own axis. */
export function monthBars(months: string[], hours: number[], personTimes: number[], names: { hours: string; personTimes: string }): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 24, bottom: 32, containLabel: true },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', name: names.hours },
      { type: 'value', name: names.personTimes, minInterval: 1 },
    ],
    series: [
      { type: 'bar', name: names.hours, data: hours, itemStyle: { color: '#c0392b' }, barMaxWidth: 18 },
      { type: 'bar', name: names.personTimes, data: personTimes, yAxisIndex: 1, itemStyle: { color: '#faad14' }, barMaxWidth: 18 },
    ],
  };
}
