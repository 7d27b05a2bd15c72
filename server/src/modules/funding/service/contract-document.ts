import { fenToChineseCapital, type TrancheTrigger } from '../../../../../shared/funding/contracts.js';
import type { Ctx } from '../../../core/actor.js';
import { issueOrReuse, presentIssued, type PublicFacts } from '../../../core/documents/documents.js';
import { inWriteUnit, leavesReadCaches, mutate } from '../../../core/write-unit.js';
import { AppError } from '../../../errors.js';
import { yuan } from './applications.js';
import { findContractInScope, termsOf, type ContractRow } from './contracts.js';

/*
 * The printed contract (F8) through the core's documents: an A4 page with the parties, the content,
 * the amount in figures and in capital numerals, the term, the milestones and the tranches, and the
 * verification code with its QR code. The verification page shows the public facts only: parties
 * (an office and an organisation), number, title, amount, term, signing date — no person.
 */

export const CONTRACT_DOCUMENT = 'funding.contract' as const;

const chinaDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** What the paper and the verification page both state. */
export function contractFacts(row: ContractRow): PublicFacts {
  return {
    contractNumber: row.contractNumber,
    title: row.title,
    purchaser: row.purchaserName,
    provider: row.providerName,
    amountFen: row.amountFen,
    amountInWords: fenToChineseCapital(row.amountFen),
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    signedOn: row.signedAt ? chinaDate(row.signedAt) : null,
  };
}

/**
 * The printable contract of a signed (or completed) contract the caller can read — the organisation
 * its own: the live document, or a new one when none is live or what it states changed. A draft has
 * nothing to print yet; a terminated contract is no longer in force (its document was revoked).
 */
export async function contractDocument(ctx: Ctx, id: string, publicBaseUrl: string) {
  const ownUnit = !inWriteUnit(ctx);
  return mutate(ctx, async (w) => {
    // A document row is shown by no cached list (only when this is the whole unit).
    if (ownUnit) leavesReadCaches(w);
    const row = await findContractInScope(w, w.db, id, 'funding.read', true);
    if (row.status !== 'signed' && row.status !== 'completed') throw new AppError('contract_not_printable');
    const { document, reused } = await issueOrReuse(
      w,
      { kind: CONTRACT_DOCUMENT, entityType: 'funding.contract', entityId: row.id, regionCode: row.regionCode, name: row.title },
      contractFacts(row),
    );
    const issued = presentIssued(document, publicBaseUrl, reused);
    return { ...issued, html: contractHtml(row, await termsOf(w.db, row), issued) };
  });
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const TRIGGER_WORDS: Record<TrancheTrigger, string> = {
  signing: '合同签订后拨付',
  milestone: '节点验收合格后拨付',
  mid_evaluation: '中期评估合格后拨付',
  final_evaluation: '结项评估合格后拨付',
};

const money = (fen: number) => `人民币${fenToChineseCapital(fen)}（¥${yuan(fen)}）`;

/** The contract as an A4 page: everything printed is escaped, the QR code is the server's own SVG. */
export function contractHtml(row: ContractRow, terms: Awaited<ReturnType<typeof termsOf>>, issued: { code: string; verificationUrl: string; qrSvg: string }) {
  const c = row.content;
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('');
  const activities = c.activities.length
    ? `<table><thead><tr><th>活动</th><th>时间</th><th>内容</th></tr></thead><tbody>${rows(
        c.activities.map((a) => [esc(a.name), esc([a.startsOn, a.endsOn].filter(Boolean).join(' 至 ')), esc(a.description)]),
      )}</tbody></table>`
    : '';
  const indicators = c.indicators.length
    ? `<table><thead><tr><th>绩效指标</th><th>目标值</th><th>单位</th></tr></thead><tbody>${rows(c.indicators.map((i) => [esc(i.name), esc(i.target), esc(i.unit)]))}</tbody></table>`
    : '';
  const milestones = terms.milestoneRows.length
    ? `<table><thead><tr><th>序号</th><th>履约节点</th><th>完成日期</th></tr></thead><tbody>${rows(
        terms.milestoneRows.map((m) => [String(m.position + 1), esc(m.title), esc(m.dueOn)]),
      )}</tbody></table>`
    : '<p>无。</p>';
  const tranches = `<table><thead><tr><th>期次</th><th>金额</th><th>拨付条件</th></tr></thead><tbody>${rows(
    terms.trancheRows.map((t) => {
      const milestone = t.milestoneId ? terms.milestoneRows.find((m) => m.id === t.milestoneId) : undefined;
      const when = milestone ? `“${esc(milestone.title)}”${TRIGGER_WORDS.milestone}` : TRIGGER_WORDS[t.releasedBy as TrancheTrigger];
      return [`第 ${t.position + 1} 期`, esc(money(t.amountFen)), when];
    }),
  )}</tbody></table>`;
  const term = row.recurringService
    ? `${esc(row.startsOn)} 至 ${esc(row.endsOn)}。本项目属于持续性、经常性的服务，依据《政府购买服务管理办法》（财政部令第102号）第二十四条，合同履行期限不超过三年；理由：${esc(row.recurringReason)}`
    : `${esc(row.startsOn)} 至 ${esc(row.endsOn)}（依据《政府购买服务管理办法》（财政部令第102号），合同履行期限一般不超过一年）`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(row.title)} 合同</title>
<style>
@page contract { size: A4; margin: 20mm 18mm; }
body { page: contract; font-family: "Noto Serif CJK SC", "Source Han Serif SC", Songti SC, SimSun, serif; font-size: 11pt; line-height: 1.7; color: #000; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.2em; margin: 0 0 4mm; }
.number { text-align: right; } h2 { font-size: 12pt; margin: 5mm 0 1mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0; } th, td { border: 1px solid #000; padding: 1mm 2mm; text-align: left; vertical-align: top; }
.parties td { border: none; padding: 0; } .sign { display: flex; justify-content: space-between; margin-top: 12mm; }
.verify { display: flex; gap: 4mm; align-items: center; margin-top: 10mm; font-size: 9pt; } .verify svg { width: 24mm; height: 24mm; }
</style></head><body>
<h1>项目服务合同</h1>
<p class="number">合同编号：${esc(row.contractNumber)}</p>
<table class="parties"><tbody>
<tr><td>甲方（购买方）：${esc(row.purchaserName)}</td></tr>
<tr><td>乙方（承接方）：${esc(row.providerName)}</td></tr>
</tbody></table>
<p>甲乙双方依据《中华人民共和国民法典》《政府购买服务管理办法》（财政部令第102号）等规定，就下列项目订立本合同，共同遵守。</p>
<h2>一、项目名称</h2><p>${esc(row.title)}</p>
<h2>二、服务内容</h2>
${c.summary ? `<p>${esc(c.summary)}</p>` : ''}${c.goals ? `<p>服务目标：${esc(c.goals)}</p>` : ''}
${activities}
<p>服务对象：${esc(c.targetBeneficiaries ?? '')}${c.beneficiaryCount !== null ? `；预计受益 ${esc(c.beneficiaryCount)} 人` : ''}</p>
${indicators}
<h2>三、合同金额</h2><p>${esc(money(row.amountFen))}</p>
<h2>四、服务期限</h2><p>${term}</p>
<h2>五、履约节点</h2>${milestones}
<h2>六、资金拨付</h2>${tranches}
<p>各期款项须在其拨付条件达成后方可拨付；评估不合格的，相应款项不予拨付（评估兑现）。</p>
<div class="sign"><div>甲方（盖章）：<br>日期：${esc(row.signedAt ? chinaDate(row.signedAt) : '')}</div><div>乙方（盖章）：<br>日期：${esc(row.signedAt ? chinaDate(row.signedAt) : '')}</div></div>
<div class="verify">${issued.qrSvg}<div>核验码：${esc(issued.code)}<br>扫码或访问 ${esc(issued.verificationUrl)} 核验本合同</div></div>
</body></html>`;
}
