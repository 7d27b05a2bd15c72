import { z } from 'zod';
import { defineRoutes, fileResponse, XLSX_MIME, ZRegionCode } from '../contract.js';
import { CALL_TYPES } from './pipeline.js';

/**
 * The figures of one cell of the funding dashboard (what funding-rollup.tables.ts counts). Money in
 * fen; the approval rate is approved / applications, computed where it is shown.
 */
export const ZFundingFigures = z.object({
  calls: z.number(),
  budgetFen: z.number(),
  applications: z.number(),
  approved: z.number(),
  contracts: z.number(),
  committedFen: z.number(),
  paidFen: z.number(),
  /** 受益人次 reported in accepted progress reports. */
  beneficiaries: z.number(),
});
export type TFundingFigures = z.infer<typeof ZFundingFigures>;

export const FUNDING_FIGURES = ['calls', 'budgetFen', 'applications', 'approved', 'contracts', 'committedFen', 'paidFen', 'beneficiaries'] as const;
export type FundingFigure = (typeof FUNDING_FIGURES)[number];

/** The funding section of a region's dashboard (server/src/modules/funding/funding.dashboard.ts). */
export const ZFundingDashboard = z.object({
  totals: ZFundingFigures,
  /** One row per year and call type that has any figure, the latest year first. */
  rows: z.array(ZFundingFigures.extend({ year: z.number(), callType: z.enum(CALL_TYPES) })),
  /** Per year, all call types together. */
  years: z.array(ZFundingFigures.extend({ year: z.number() })),
  /** One row per child region, plus one (direct: true) for records at the region itself. */
  children: z.array(ZFundingFigures.extend({ regionCode: z.string(), name: z.string(), direct: z.boolean() })),
});
export type TFundingDashboard = z.infer<typeof ZFundingDashboard>;

export const ZFundingDashboardExportQuery = z.object({ regionCode: ZRegionCode.optional() });

export const fundingDashboardRoutes = defineRoutes({
  'GET /funding/dashboard/export': {
    querystring: ZFundingDashboardExportQuery,
    response: fileResponse(XLSX_MIME, 'The funding dashboard of a region, by year and call type, as a workbook'),
  },
});

type FundingDashboardRoutesType = typeof fundingDashboardRoutes;

declare module '../contract.js' {
  interface Api extends FundingDashboardRoutesType {}
}
