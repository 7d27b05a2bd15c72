import { z } from 'zod';
import { ZBusinessDate } from '../dates.js';
import { ZIssuedDocument } from '../documents/api.js';
import { ZRegionCode } from '../contract.js';
import { ACTIVITY_TYPES, VOLUNTEER_STATUSES } from './states.js';

/*
 * The overview part of the volunteers domain (V5): the certificate of service (志愿服务证明) and a
 * region's statistics. Hours travel as whole minutes; the screens divide.
 */

/** The first year the statistics and certificates answer for (the ledger holds nothing older). */
export const STATISTICS_FIRST_YEAR = 2000;

/** The period a certificate covers: China dates, both optional (none: all service to date). */
export const ZCertificateRequest = z
  .object({ from: ZBusinessDate.optional(), to: ZBusinessDate.optional() })
  .refine((b) => !b.from || !b.to || b.from <= b.to, { path: ['to'], message: 'certificate_period_order' });
export type TCertificateRequest = z.infer<typeof ZCertificateRequest>;

/** Hours of one group on the certificate. */
const ZMinutes = z.object({ minutes: z.number(), entries: z.number() });

/** What the print page of a certificate shows besides the document's code and QR. */
export const ZCertificatePrint = z.object({
  name: z.string(),
  /** 身份证号, masked (first 3, last 4). */
  idNumberMasked: z.string().nullable(),
  volunteerNumber: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Approved, unreversed service in the period: minutes and person-times. */
  total: ZMinutes,
  byYear: z.array(ZMinutes.extend({ year: z.number() })),
  /** By the organisation that recorded the hours (谁记录谁证明); a centre's own when organizationId is null. */
  byOrganization: z.array(ZMinutes.extend({ organizationId: z.string().nullable(), name: z.string(), centre: z.boolean() })),
  /** The street whose centre issues it (the volunteer's street). */
  issuer: z.object({ regionCode: z.string(), name: z.string() }),
  issuedOn: z.string(),
});
export type TCertificatePrint = z.infer<typeof ZCertificatePrint>;

export const ZCertificate = z.object({ document: ZIssuedDocument, print: ZCertificatePrint });
export type TCertificate = z.infer<typeof ZCertificate>;

/** The statistics of one region and year. `region` absent: the widest region the reader reaches. */
export const ZStatisticsQuery = z.object({
  region: ZRegionCode.optional(),
  year: z.coerce.number().int().min(STATISTICS_FIRST_YEAR).max(2100).optional(),
});
export type TStatisticsQuery = z.infer<typeof ZStatisticsQuery>;

/** Served figures of a group: minutes and person-times (人次). */
export const ZServed = z.object({ minutes: z.number(), personTimes: z.number() });
export type TServed = z.infer<typeof ZServed>;

export const ZStatistics = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  year: z.number(),
  registered: z.object({ total: z.number(), byStatus: z.array(z.object({ status: z.enum(VOLUNTEER_STATUSES), count: z.number() })) }),
  /** Distinct volunteers with approved hours in the year. */
  active: z.number(),
  served: ZServed,
  /** Served hours / HOURS_PER_WORKING_DAY, one decimal. */
  workingDays: z.number(),
  byType: z.array(ZServed.extend({ activityType: z.enum(ACTIVITY_TYPES) })),
  /** Twelve rows, 'YYYY-MM'. */
  byMonth: z.array(ZServed.extend({ month: z.string(), active: z.number() })),
  /** One row per child region, plus one (direct: true) for records at the region itself when there are any. */
  children: z.array(
    ZServed.extend({ regionCode: z.string(), name: z.string(), direct: z.boolean(), registered: z.number(), active: z.number() }),
  ),
});
export type TStatistics = z.infer<typeof ZStatistics>;

/** Hours with two decimals, from whole minutes. */
export const hoursOf = (minutes: number) => Math.round((minutes * 100) / 60) / 100;
