import { z } from 'zod';
import { ZRegionCode } from '../contract.js';
import { CALL_TYPES, PIPELINE_STEPS } from './pipeline.js';

/** GET /funding/settings/steps?region=… — the steps each call type runs in a region. */
export const ZStepSettingsQuery = z.object({ region: ZRegionCode.optional() });

/** Where the steps in force come from: the region's own setting, an ancestor's, or the platform default. */
export const STEP_SETTING_SOURCES = ['own', 'inherited', 'default'] as const;

export const ZStepSetting = z.object({
  callType: z.enum(CALL_TYPES),
  steps: z.array(z.enum(PIPELINE_STEPS)),
  source: z.enum(STEP_SETTING_SOURCES),
  /** The region whose setting applies (null for the default). */
  fromRegion: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TStepSetting = z.infer<typeof ZStepSetting>;

export const ZStepSettings = z.object({ regionCode: z.string(), items: z.array(ZStepSetting) });
export type TStepSettings = z.infer<typeof ZStepSettings>;

/**
 * PUT /funding/settings/steps?region=… — one call type's steps for the region (and the regions below
 * that set none). `steps: null` removes the region's own setting, so the nearest ancestor's applies again.
 */
export const ZStepSettingsBody = z.object({
  callType: z.enum(CALL_TYPES),
  steps: z.array(z.enum(PIPELINE_STEPS)).max(PIPELINE_STEPS.length * 2).nullable(),
});
export type TStepSettingsBody = z.infer<typeof ZStepSettingsBody>;
