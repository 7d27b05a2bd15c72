/** Everything funding caches is under ['funding', part, …]; a funding write refreshes `all`. */
export const fundingKeys = {
  all: ['funding'],
} as const;
