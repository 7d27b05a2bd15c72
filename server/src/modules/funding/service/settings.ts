import { and, eq, inArray } from 'drizzle-orm';
import { CALL_TYPES, DEFAULT_CALL_STEPS, stepListProblem, type CallType, type PipelineStep } from '../../../../../shared/funding/pipeline.js';
import type { TStepSettings, TStepSettingsBody } from '../../../../../shared/funding/settings.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { resolveRegion, scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { mutate } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, notFound } from '../../../errors.js';
import { translate } from '../../../i18n/index.js';
import { ancestorCodes, getRegion } from '../../regions/regions.service.js';
import { fundingStepSettings as settings } from '../funding.tables.js';

/**
 * The steps each kind of call runs in a region: its own setting, else the nearest ancestor's, else
 * the platform default (shared/funding/pipeline.ts). A call copies them when it is created.
 */
export async function effectiveSteps(db: DbOrTx, regionCode: string): Promise<TStepSettings> {
  const chain = [regionCode, ...ancestorCodes(regionCode).reverse()];
  const rows = await db.select().from(settings).where(inArray(settings.regionCode, chain));
  const items = CALL_TYPES.map((callType) => {
    // Nearest first: the region itself, then its parent, up to the province.
    for (const code of chain) {
      const row = rows.find((r) => r.regionCode === code && r.callType === callType);
      if (row) {
        return {
          callType,
          steps: row.steps as PipelineStep[],
          source: code === regionCode ? ('own' as const) : ('inherited' as const),
          fromRegion: code,
          updatedAt: row.updatedAt.toISOString(),
        };
      }
    }
    return { callType, steps: [...DEFAULT_CALL_STEPS[callType]], source: 'default' as const, fromRegion: null, updatedAt: null };
  });
  return { regionCode, items };
}

export async function stepsFor(db: DbOrTx, regionCode: string, callType: CallType): Promise<PipelineStep[]> {
  return (await effectiveSteps(db, regionCode)).items.find((i) => i.callType === callType)!.steps;
}

async function regionInReach(ctx: Ctx, permission: 'funding.call.manage' | 'funding.settings.manage', asked?: string) {
  const code = resolveRegion(ctx.actor, permission, asked);
  if (!scopeCoversRegion(scopeFor(ctx.actor, permission), code) || !(await getRegion(ctx.db, code))) throw notFound('region');
  return code;
}

export async function getStepSettings(ctx: Ctx, region?: string) {
  return effectiveSteps(ctx.db, await regionInReach(ctx, 'funding.call.manage', region));
}

/** Sets (or, with `steps: null`, removes) a region's steps for one call type; an invalid list names the step. */
export async function putStepSettings(ctx: Ctx, region: string | undefined, body: TStepSettingsBody) {
  const regionCode = await regionInReach(ctx, 'funding.settings.manage', region);
  if (body.steps) {
    const problem = stepListProblem(body.steps);
    if (problem) {
      throw new AppError('validation', {}, [
        {
          field: 'steps',
          problem: `steps_${problem.code}`,
          params: {
            step: translate(ctx.locale, `fundingSteps.${problem.step}`),
            other: problem.other ? translate(ctx.locale, `fundingSteps.${problem.other}`) : '',
            stepCode: problem.step,
            otherCode: problem.other ?? null,
          },
          // The codes go to the screen, which marks the step(s) the refusal is about.
          expose: ['stepCode', 'otherCode'],
        },
      ]);
    }
  }
  return mutate(ctx, async (w) => {
    const where = and(eq(settings.regionCode, regionCode), eq(settings.callType, body.callType));
    const [before] = await w.db.select().from(settings).where(where).for('update');
    if (body.steps) {
      await w.db
        .insert(settings)
        .values({ regionCode, callType: body.callType, steps: body.steps, updatedBy: ctx.actor.id || null })
        .onConflictDoUpdate({ target: [settings.regionCode, settings.callType], set: { steps: body.steps, updatedBy: ctx.actor.id || null, updatedAt: new Date() } });
    } else if (before) {
      await w.db.delete(settings).where(where);
    }
    await writeAudit(w, {
      action: 'funding.settings.steps',
      entityType: 'funding_settings',
      entityId: null,
      entityName: body.callType,
      regionCode,
      before: { callType: body.callType, steps: before?.steps ?? null },
      after: { callType: body.callType, steps: body.steps },
    });
    return effectiveSteps(w.db, regionCode);
  });
}
