import { todayInChina } from '../../../../../shared/dates.js';
import type { TVolunteerExportQuery } from '../../../../../shared/volunteers/registry.js';
import { availabilityLabel } from '../../../../../shared/volunteers/states.js';
import type { Ctx } from '../../../core/actor.js';
import { auditExport } from '../../../core/audit.js';
import { EXPORT_LIMIT, writeSheet } from '../../../core/xlsx.js';
import { translate } from '../../../i18n/index.js';
import { volunteers } from '../volunteers.tables.js';
import { presentVolunteers, VOLUNTEER_ORDER, volunteerFilters } from './volunteers.js';

const COLUMNS = ['number', 'name', 'idNumber', 'phone', 'gender', 'region', 'skills', 'availability', 'status', 'source', 'registeredAt'] as const;

/**
 * The list as a workbook: what the filter matches in the caller's reach, in the list's order, the
 * ID number and phone masked as the screen shows them. Each download is recorded.
 */
export async function exportVolunteers(ctx: Ctx, q: TVolunteerExportQuery) {
  const rows = await ctx.db.select().from(volunteers).where(volunteerFilters(ctx, q)).orderBy(...VOLUNTEER_ORDER[q.sort]).limit(EXPORT_LIMIT);
  const items = await presentVolunteers(ctx.db, rows);
  const t = (key: string) => translate(ctx.locale, `volunteersRegistry.${key}`);
  const bytes = await writeSheet(
    t('export.sheet'),
    COLUMNS.map((key) => ({ key, header: t(`export.${key}`), width: key === 'skills' || key === 'availability' ? 30 : 18 })),
    items.map((v) => ({
      number: v.number,
      name: v.name,
      idNumber: v.idNumber,
      phone: v.phone,
      gender: v.gender ? t(`gender.${v.gender}`) : null,
      region: v.regionName ?? v.regionCode,
      skills: v.skills.join('、'),
      availability: v.availability.map((a) => availabilityLabel(a, ctx.locale)).join('、'),
      status: t(`status.${v.status}`),
      source: t(`source.${v.source}`),
      registeredAt: todayInChina(new Date(v.registeredAt)),
    })),
  );
  await auditExport(ctx, { action: 'volunteers.volunteer.export', regionCode: q.region ?? null, rows: items.length, query: { ...q } });
  return bytes;
}
