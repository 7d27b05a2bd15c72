/** Everything the volunteers feature caches is under ['volunteers', part, …]; a volunteer write refreshes `all`. */
export const volunteerKeys = {
  all: ['volunteers'],
} as const;
