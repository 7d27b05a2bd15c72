import { hoursOf, type TServed, type TStatisticsQuery } from '../../../../../shared/volunteers/overview.js';
import type { Ctx } from '../../../core/actor.js';
import { writeSheet, type SheetColumn } from '../../../core/xlsx.js';
import { translate, type Locale } from '../../../i18n/index.js';
import { regionStatistics, workingDays } from './statistics.js';

type Column = 'section' | 'item' | 'registered' | 'active' | 'personTimes' | 'hours' | 'workingDays';
type Section = 'total' | 'status' | 'child' | 'month' | 'type';

interface Words {
  sheet: string;
  file: string;
  columns: Record<Column, string>;
  sections: Record<Section, string>;
  direct: string;
}

const WORDS: Record<Locale, Words> = {
  'zh-CN': {
    sheet: '志愿服务统计',
    file: '志愿服务统计',
    columns: { section: '分类', item: '项目', registered: '注册志愿者', active: '活跃志愿者', personTimes: '服务人次', hours: '服务时长（小时）', workingDays: '折合工作日' },
    sections: { total: '合计', status: '注册状态', child: '下级区划', month: '月份', type: '活动类型' },
    direct: '（本级）',
  },
  en: {
    sheet: 'Volunteer statistics',
    file: 'volunteer-statistics',
    columns: {
      section: 'Section',
      item: 'Item',
      registered: 'Registered volunteers',
      active: 'Active volunteers',
      personTimes: 'Person-times',
      hours: 'Hours',
      workingDays: 'Equivalent working days',
    },
    sections: { total: 'Total', status: 'Record status', child: 'Sub-region', month: 'Month', type: 'Activity type' },
    direct: ' (itself)',
  },
  'zh-TW': {
    sheet: '志願服務統計',
    file: '志願服務統計',
    columns: { section: '分類', item: '項目', registered: '註冊志工', active: '活躍志工', personTimes: '服務人次', hours: '服務時數（小時）', workingDays: '折合工作日' },
    sections: { total: '合計', status: '註冊狀態', child: '下級區劃', month: '月份', type: '活動類型' },
    direct: '（本級）',
  },
};

const COLUMNS: readonly Column[] = ['section', 'item', 'registered', 'active', 'personTimes', 'hours', 'workingDays'];
const figures = (s: TServed) => ({ personTimes: s.personTimes, hours: hoursOf(s.minutes), workingDays: workingDays(s.minutes) });

/** The statistics page as one sheet: the total, then by status, sub-region, month and activity type. */
export async function exportStatistics(ctx: Ctx, query: TStatisticsQuery) {
  const s = await regionStatistics(ctx, query);
  const words = WORDS[ctx.locale as Locale] ?? WORDS['zh-CN'];
  // Statuses and activity types in the words of the registry's and the hours' exports: one word per concept.
  const status = (code: string) => translate(ctx.locale, `volunteersRegistry.status.${code}`);
  const type = (code: string) => translate(ctx.locale, `volunteerHoursExport.types.${code}`);
  const columns: SheetColumn<Column>[] = COLUMNS.map((key) => ({ key, header: words.columns[key], width: key === 'item' ? 24 : 16 }));
  const rows: Partial<Record<Column, string | number | null>>[] = [
    { section: words.sections.total, item: `${s.region.name} ${s.year}`, registered: s.registered.total, active: s.active, ...figures(s.served) },
    ...s.registered.byStatus.map((b) => ({ section: words.sections.status, item: status(b.status), registered: b.count })),
    ...s.children.map((c) => ({
      section: words.sections.child,
      item: c.direct ? `${c.name}${words.direct}` : c.name,
      registered: c.registered,
      active: c.active,
      ...figures(c),
    })),
    ...s.byMonth.map((m) => ({ section: words.sections.month, item: m.month, active: m.active, ...figures(m) })),
    ...s.byType.map((t) => ({ section: words.sections.type, item: type(t.activityType), ...figures(t) })),
  ];
  const bytes = await writeSheet(words.sheet, columns, rows);
  return { bytes, filename: `${words.file}-${s.region.name}-${s.year}.xlsx` };
}
