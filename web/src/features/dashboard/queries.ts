export const dashboardKeys = {
  all: ['dashboard'],
  summary: (regionCode: string | undefined) => ['dashboard', regionCode],
} as const;
