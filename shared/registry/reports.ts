import { z } from 'zod';
import { optionalText, ZRegionCode } from '../contract.js';
import { ZBusinessDate } from '../dates.js';

export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month_format' });

export const ZReportBody = z.object({
  /** Month reported on, YYYY-MM. */
  month: ZMonth,
  responsiblePerson: z.boolean(),
  flag: z.boolean(),
  venuePermit: z.boolean(),
  meetingHeld: z.boolean(),
  trainingHeld: z.boolean(),
  meetingDate: ZBusinessDate.nullish(),
  trainingTopic: optionalText(200),
  notes: optionalText(2000),
});
export type TReportBody = z.infer<typeof ZReportBody>;

export const ZReport = z.object({
  id: z.string(),
  month: z.string(),
  responsiblePerson: z.boolean(),
  flag: z.boolean(),
  venuePermit: z.boolean(),
  meetingHeld: z.boolean(),
  trainingHeld: z.boolean(),
  reportForm: z.boolean(),
  compliant: z.boolean(),
  meetingDate: z.string().nullable(),
  trainingTopic: z.string().nullable(),
  notes: z.string().nullable(),
  submittedAt: z.string(),
});
export type TReport = z.infer<typeof ZReport>;

export const ZComplianceQuery = z.object({ regionCode: ZRegionCode.optional(), month: ZMonth.optional() });

const ZRollupRow = z.object({ teams: z.number(), reported: z.number(), compliant: z.number(), rate: z.number() });
export const ZComplianceRollup = z.object({
  month: z.string(),
  total: ZRollupRow,
  /** One row per child region, plus one (direct: true) for teams at the region itself. */
  children: z.array(ZRollupRow.extend({ regionCode: z.string(), regionName: z.string(), direct: z.boolean() })),
});
export type TComplianceRollup = z.infer<typeof ZComplianceRollup>;

/** A filed team and its report of the month ("六个一"); not reported means every item false. */
export const ZComplianceTeam = z.object({
  id: z.string(),
  name: z.string(),
  regionName: z.string(),
  reported: z.boolean(),
  compliant: z.boolean(),
  responsiblePerson: z.boolean(),
  flag: z.boolean(),
  venuePermit: z.boolean(),
  meetingHeld: z.boolean(),
  trainingHeld: z.boolean(),
  reportForm: z.boolean(),
});
export type TComplianceTeam = z.infer<typeof ZComplianceTeam>;
