import { and, eq } from 'drizzle-orm';
import { type Ctx } from '../../../core/actor.js';
import { scopeFor } from '../../../core/scope.js';
import { recordRead } from '../../../core/audit.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { notFound } from '../../../errors.js';
import { registryMembers, registryOrganizations as org } from '../registry.tables.js';
import type { TIdentity, TIdentityField } from '../../../../../shared/registry/members.js';

type Field = TIdentityField | undefined;

function pick(row: { idNumber: string | null; phone: string | null }, field: Field): TIdentity {
  return field ? { [field]: row[field] } : { idNumber: row.idNumber, phone: row.phone };
}

/**
 * The audit row names who looked at which of whose identifiers, never the identifiers: the log is
 * read by more people than may see them.
 */
const revealed = (identity: TIdentity) => ({ fields: Object.keys(identity).filter((k) => identity[k as keyof TIdentity] != null) });

/** A member's full ID number and phone; outside the caller's reveal scope, 404 like every registry read. */
export async function revealMember(ctx: Ctx, memberId: string, field?: Field): Promise<TIdentity> {
  const [row] = await ctx.db
    .select({
      id: registryMembers.id,
      name: registryMembers.name,
      organizationId: registryMembers.organizationId,
      regionCode: registryMembers.regionCode,
      phone: registryMembers.phone,
      idNumber: registryMembers.idNumber,
    })
    .from(registryMembers)
    .where(
      and(
        eq(registryMembers.id, memberId),
        scopeWhere(scopeFor(ctx.actor, 'personal.reveal'), { region: registryMembers.regionCode, organization: registryMembers.organizationId }),
      ),
    );
  if (!row) throw notFound('member');
  const identity = pick(row, field);
  await recordRead(ctx, {
    action: 'registry.member.reveal',
    entityType: 'member',
    entityId: row.id,
    entityName: row.name,
    regionCode: row.regionCode,
    after: { organizationId: row.organizationId, ...revealed(identity) },
  });
  return identity;
}

/** An organisation's leader's full ID number and phone, on the same terms. */
export async function revealOrganizationLeader(ctx: Ctx, organizationId: string, field?: Field): Promise<TIdentity> {
  const [row] = await ctx.db
    .select({ id: org.id, name: org.name, regionCode: org.regionCode, phone: org.leaderPhone, idNumber: org.leaderIdNumber })
    .from(org)
    .where(and(eq(org.id, organizationId), scopeWhere(scopeFor(ctx.actor, 'personal.reveal'), { region: org.regionCode, organization: org.id })));
  if (!row) throw notFound('organization');
  const identity = pick(row, field);
  await recordRead(ctx, {
    action: 'registry.organization.reveal',
    entityType: 'organization',
    entityId: row.id,
    entityName: row.name,
    regionCode: row.regionCode,
    after: revealed(identity),
  });
  return identity;
}
