import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { orgCodeCheckChar, USCC_ALPHABET, usccCheckChar } from '../shared/validators';
import { signIn } from './fixtures/browser';
import { useBrowserSuite } from './fixtures/suite';

const suite = useBrowserSuite();

/** A valid 统一社会信用代码 for a social group registered in 普陀区 (division 310107). */
function uscc(serial: number): string {
  const orgBody = `MJ${String(serial).padStart(6, '0')}`;
  const body = `51310107${orgBody}${orgCodeCheckChar(orgBody)}`;
  return body + usccCheckChar(body)!;
}

function breakCheck(code: string): string {
  const good = code[17];
  const bad = USCC_ALPHABET[(USCC_ALPHABET.indexOf(good) + 1) % USCC_ALPHABET.length];
  return code.slice(0, 17) + bad;
}

async function workbook(rows: { name: string; uscc: string }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织与团队');
  ws.addRow(['名称', '组织形式', '统一社会信用代码', '所属区划代码', '负责人', '地址']);
  for (const r of rows) ws.addRow([r.name, '社会团体', r.uscc, '310107015000', '李建国', '上海市普陀区长寿路1号']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('xlsx import (R8)', () => {
  it('rejects a file with one bad credit code, names row and column, and imports nothing', async () => {
    const { page } = suite;
    const stamp = Date.now() % 100000;
    const rows = [
      { name: `E2E导入甲协会${stamp}`, uscc: uscc(4100 + (stamp % 500)) },
      { name: `E2E导入乙协会${stamp}`, uscc: breakCheck(uscc(5100 + (stamp % 500))) },
      { name: `E2E导入丙协会${stamp}`, uscc: uscc(6100 + (stamp % 500)) },
    ];
    const buffer = await workbook(rows);

    await signIn(page, 'zx.changshou');
    await page.goto('/registry');
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-file').locator('input[type=file]').setInputFiles({
      name: 'organizations.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await page.getByTestId('import-submit').click();

    const report = page.getByTestId('import-report');
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toContain('未导入任何数据');
    // The second data row is spreadsheet row 3 (row 1 holds the headers).
    const problemRow = report.locator('tbody tr').filter({ hasText: '统一社会信用代码' });
    expect(await problemRow.count()).toBeGreaterThan(0);
    expect(await problemRow.first().locator('td').first().innerText()).toBe('3');

    await page.keyboard.press('Escape');
    for (const r of rows) {
      const search = page.getByTestId('registry-search').locator('input');
      await search.fill(r.name);
      await search.press('Enter');
      await page.getByTestId('registry-table').locator('.ant-empty').waitFor();
      expect(await page.getByTestId('registry-table').getByText(r.name).count()).toBe(0);
    }
  });

  it('recognises a file imported before: lists each row as 已存在 and, told to skip, writes nothing twice', async () => {
    const { page } = suite;
    const stamp = Date.now() % 100000;
    const rows = [
      { name: `E2E重复导入甲协会${stamp}`, uscc: uscc(7100 + (stamp % 500)) },
      { name: `E2E重复导入乙协会${stamp}`, uscc: uscc(8100 + (stamp % 500)) },
    ];
    const file = { name: 'organizations.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook(rows) };

    await page.context().clearCookies();
    await signIn(page, 'zx.changshou');
    await page.goto('/registry');
    await page.getByTestId('import-open').click();
    const input = page.getByTestId('import-file').locator('input[type=file]');
    await input.setInputFiles(file);
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-success').waitFor();

    await input.setInputFiles(file);
    await page.getByTestId('import-submit').click();
    const existing = page.getByTestId('import-existing');
    await existing.waitFor();
    const listed = existing.getByTestId('import-existing-rows').locator('tbody tr');
    expect(await listed.count()).toBe(2);
    for (let i = 0; i < 2; i++) expect(await listed.nth(i).innerText()).toContain('已存在');
    expect(await existing.innerText()).toContain('统一社会信用代码相同');

    await existing.getByTestId('import-on-existing').getByText('跳过', { exact: false }).click();
    await page.getByTestId('import-submit').click();
    const success = page.getByTestId('import-success');
    await success.waitFor();
    expect(await success.innerText()).toContain('跳过 2 条');

    await page.keyboard.press('Escape');
    const search = page.getByTestId('registry-search').locator('input');
    await search.fill(rows[0].name);
    await search.press('Enter');
    const table = page.getByTestId('registry-table');
    // The search has applied once only the searched name is listed; a second copy would stay listed.
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(1);
    expect(await table.locator('tbody tr.ant-table-row').innerText()).toContain(rows[0].name);
  });
});
