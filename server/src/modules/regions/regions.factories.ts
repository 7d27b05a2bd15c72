/** Test data of the regions domain (test code: nothing the server imports). */
import { regionLevel } from '../../../../shared/regions.js';
import { regions } from '../../core/core.tables.js';
import type { Db } from '../../db/client.js';

let serial = 0;

export type RegionTree = Awaited<ReturnType<typeof makeRegionTree>>;

/**
 * A region subtree of its own for one test: a city, a district and two streets with a
 * community each. Codes are made unique per call.
 */
export async function makeRegionTree(db: Db) {
  const n = ++serial;
  const province = String(10 + (n % 80)).padStart(2, '0');
  const city = `${province}01`;
  const district = `${city}${String(n % 100).padStart(2, '0')}`;
  const codes = {
    city: `${province}0000000000`,
    cityLevel: `${city}00000000`,
    district: `${district}000000`,
    street: `${district}001000`,
    street2: `${district}002000`,
    community: `${district}001001`,
    community2: `${district}002001`,
  };
  const rows = [
    { code: codes.city, parentCode: null, name: `测试省${n}` },
    { code: codes.cityLevel, parentCode: codes.city, name: `测试市${n}` },
    { code: codes.district, parentCode: codes.cityLevel, name: `测试区${n}` },
    { code: codes.street, parentCode: codes.district, name: `甲街道${n}` },
    { code: codes.street2, parentCode: codes.district, name: `乙街道${n}` },
    { code: codes.community, parentCode: codes.street, name: `甲一社区${n}` },
    { code: codes.community2, parentCode: codes.street2, name: `乙一社区${n}` },
  ];
  await db
    .insert(regions)
    .values(rows.map((r) => ({ ...r, level: regionLevel(r.code) })))
    .onConflictDoNothing();
  return codes;
}
