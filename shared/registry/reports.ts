import { z } from 'zod';
import { optionalText, ZRegionCode } from '../contract.js';
import { ZBusinessDate } from '../dates.js';

/** YYYY-MM within the years of business dates (shared/dates.ts): year 0000 is no month PostgreSQL stores. */
export const ZMonth = z.string().regex(/^(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])$/, { message: 'month_format' });

export const ZReportBody = z.object({
  /** Month reported on, YYYY-MM: from the team's filing month up to the last month that is over (China time). */
  month: ZMonth,
  /** Who is responsible for the team (一人负责); left out, the roster's leader. Must be a leader on the roster. */
  responsiblePersonName: optionalText(50),
  flag: z.boolean(),
  /** The team confirms its venue permit; the item holds only when the team has a recorded venue. */
  venuePermit: z.boolean(),
  meetingHeld: z.boolean(),
  trainingHeld: z.boolean(),
  /** 填写一张报表: the month's activity form was filled in (this report does not stand in for it). */
  reportForm: z.boolean(),
  /** Required when a meeting was held; inside the month. */
  meetingDate: ZBusinessDate.nullish(),
  trainingTopic: optionalText(200),
  notes: optionalText(2000),
  /** Given when the month already has a report: this submission corrects it (更正), for this reason. */
  correctionReason: optionalText(500),
});
export type TReportBody = z.infer<typeof ZReportBody>;

const ZReportContent = z.object({
  responsiblePerson: z.boolean(),
  flag: z.boolean(),
  venuePermit: z.boolean(),
  meetingHeld: z.boolean(),
  trainingHeld: z.boolean(),
  reportForm: z.boolean(),
  compliant: z.boolean(),
  responsiblePersonName: z.string().nullable(),
  venue: z.string().nullable(),
  meetingDate: z.string().nullable(),
  trainingTopic: z.string().nullable(),
  notes: z.string().nullable(),
  /** 1 for the first submission; each correction adds one. */
  version: z.number(),
  correctionReason: z.string().nullable(),
  submittedAt: z.string(),
});

/** One kept version of a report (the first submission or a correction). */
export const ZReportVersion = ZReportContent;
export type TReportVersion = z.infer<typeof ZReportVersion>;

export const ZReport = ZReportContent.extend({
  id: z.string(),
  month: z.string(),
  /** The versions before the current one, oldest first: empty until the report is corrected. */
  history: z.array(ZReportVersion),
});
export type TReport = z.infer<typeof ZReport>;

/** What the report form needs to know before anything is typed: what it pre-fills and what it may offer. */
export const ZReportForm = z.object({
  /** Leaders on the roster; empty means 一人负责 cannot be met until the roster names one. */
  leaderNames: z.array(z.string()),
  /** The team's recorded venue; null means the venue permit cannot be met. */
  venue: z.string().nullable(),
  /** Months a report may be submitted or corrected for, newest first. */
  months: z.array(z.string()),
  /** The first month the team owes a report (the month after its filing); null when its filing date is unknown. */
  firstDueMonth: z.string().nullable(),
});
export type TReportForm = z.infer<typeof ZReportForm>;

export const ZReportList = z.object({ items: z.array(ZReport), form: ZReportForm });

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
