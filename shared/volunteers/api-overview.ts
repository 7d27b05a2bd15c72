import { defineRoutes, fileResponse, XLSX_MIME, ZIdParams } from '../contract.js';
import { ZCertificate, ZCertificateRequest, ZStatistics, ZStatisticsQuery } from './overview.js';

/** The overview part's routes (V5): certificates of service and the statistics. */
export const volunteerOverviewRoutes = defineRoutes({
  'POST /volunteers/:id/certificate': { params: ZIdParams, body: ZCertificateRequest.optional(), response: { 200: ZCertificate } },
  'POST /volunteers/me/certificate': { body: ZCertificateRequest.optional(), response: { 200: ZCertificate } },
  'GET /volunteers/statistics': { querystring: ZStatisticsQuery, response: { 200: ZStatistics } },
  'GET /volunteers/statistics/export': {
    querystring: ZStatisticsQuery,
    response: fileResponse(XLSX_MIME, "A region's volunteer statistics of one year, as a workbook"),
  },
});

type VolunteerOverviewRoutesType = typeof volunteerOverviewRoutes;

declare module '../contract.js' {
  interface Api extends VolunteerOverviewRoutesType {}
}
