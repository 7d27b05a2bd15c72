import { z } from 'zod';
import { text } from '../contract.js';

const ZCategoryFields = z.object({
  code: z.string().trim().min(1).max(40).regex(/^[a-z0-9_]+$/),
  nameZh: text(40).min(1),
  nameEn: text(80).min(1),
  nameZhTw: text(40).min(1),
  /** An integer column: past ±2^31 the database refused it without naming the field. */
  sortOrder: z.number().int().min(-2_147_483_648).max(2_147_483_647),
  active: z.boolean(),
});
export const ZCategoryBody = ZCategoryFields.extend({
  sortOrder: ZCategoryFields.shape.sortOrder.default(0),
  active: ZCategoryFields.shape.active.default(true),
});
export const ZUpdateCategoryBody = ZCategoryFields.partial();
export type TCategoryBody = z.infer<typeof ZCategoryBody>;
export type TUpdateCategoryBody = z.infer<typeof ZUpdateCategoryBody>;

export const ZCategory = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  nameZhTw: z.string(),
  sortOrder: z.number(),
  active: z.boolean(),
});
export type TCategory = z.infer<typeof ZCategory>;
