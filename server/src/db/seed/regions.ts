import { regionLevel } from '../../../../shared/regions.js';

/**
 * Demo region tree. Province, city, district and street codes are the national statistical
 * division codes (统计用区划代码). Community serials (the last 3 digits) are illustrative: the
 * names are plausible 社区/居委 names, but their numbering is ours.
 */
export interface RegionSeed {
  code: string;
  parentCode: string | null;
  name: string;
  level: string;
}

export const SHANGHAI = '310000000000';
export const HUANGPU = '310101000000';
export const WULIQIAO = '310101020000';
export const PUTUO = '310107000000';
export const CHANGSHOU = '310107015000';
export const YANGPU = '310110000000';
export const YANJI = '310110015000';
export const ANHUI = '340000000000';
export const HEFEI = '340100000000';
export const LUYANG = '340103000000';
export const BOZHOULU = '340103001000';
export const BEIJING = '110000000000';
export const DONGCHENG = '110101000000';

const HUANGPU_STREETS: [string, string][] = [
  ['310101002000', '南京东路街道'],
  ['310101013000', '外滩街道'],
  ['310101015000', '半淞园路街道'],
  ['310101017000', '小东门街道'],
  ['310101018000', '豫园街道'],
  ['310101019000', '老西门街道'],
  [WULIQIAO, '五里桥街道'],
  ['310101021000', '打浦桥街道'],
  ['310101022000', '淮海中路街道'],
  ['310101023000', '瑞金二路街道'],
];

/**
 * 庐阳区's eight streets and two townships (乡镇街道, where the seed's 438 organisations are filed). The
 * names are the real ones; the codes follow the 统计用区划代码 numbering as we know it (亳州路 = 340103001
 * is confirmed by its community 畅园社区 340103001001; verify the others against the statistics bureau's
 * list before using them outside the demo). Seed 001 names none of them and gives no per-street figures.
 */
export const LUYANG_STREETS: [string, string][] = [
  [BOZHOULU, '亳州路街道'],
  ['340103002000', '双岗街道'],
  ['340103003000', '杏林街道'],
  ['340103004000', '海棠街道'],
  ['340103005000', '杏花村街道'],
  ['340103006000', '林店街道'],
  ['340103007000', '三孝口街道'],
  ['340103008000', '逍遥津街道'],
  ['340103100000', '大杨镇'],
  ['340103200000', '三十岗乡'],
];

export const DONGCHENG_STREET_NAMES = [
  '东华门', '景山', '交道口', '安定门', '北新桥', '东四', '朝阳门', '建国门', '东直门', '和平里', '前门', '崇文门外',
  '东花市', '龙潭', '体育馆路', '天坛', '永定门外',
];
export const DONGCHENG_STREETS: [string, string][] = DONGCHENG_STREET_NAMES.map((n, i) => [
  `110101${String(i + 1).padStart(3, '0')}000`,
  `${n}街道`,
]);
export const DONGSI = '110101006000';
export const LONGTAN = '110101014000';

/** Community names per street; codes are the street's 9 digits + serial 001, 002, … */
export const COMMUNITIES: Record<string, string[]> = {
  [CHANGSHOU]: ['武宁', '普雄', '梅芳', '沪西', '曹家村', '西康', '大洋', '昌化'],
  [WULIQIAO]: ['桑园', '打浦', '瞿溪', '鲁班', '丽园', '龙华东'],
  [YANJI]: ['延吉一村', '延吉二村', '延吉三村', '延吉东', '延吉中'],
  [DONGSI]: ['六条', '七条', '八条', '豆瓣'],
  [LONGTAN]: ['左安浦园', '夕照寺', '龙潭北里'],
};

export function communityCode(street: string, index: number): string {
  return street.slice(0, 9) + String(index + 1).padStart(3, '0');
}

/** Community codes and short names of a street (empty when the demo has none there). */
export function communitiesOf(street: string): { code: string; name: string }[] {
  return (COMMUNITIES[street] ?? []).map((name, i) => ({ code: communityCode(street, i), name }));
}

export function buildRegions(): RegionSeed[] {
  const rows: RegionSeed[] = [];
  const add = (code: string, parentCode: string | null, name: string) =>
    rows.push({ code, parentCode, name, level: regionLevel(code) });

  add(SHANGHAI, null, '上海市');
  add(HUANGPU, SHANGHAI, '黄浦区');
  for (const [code, name] of HUANGPU_STREETS) add(code, HUANGPU, name);
  add(PUTUO, SHANGHAI, '普陀区');
  add(CHANGSHOU, PUTUO, '长寿路街道');
  add(YANGPU, SHANGHAI, '杨浦区');
  add(YANJI, YANGPU, '延吉新村街道');
  add(ANHUI, null, '安徽省');
  add(HEFEI, ANHUI, '合肥市');
  add(LUYANG, HEFEI, '庐阳区');
  for (const [code, name] of LUYANG_STREETS) add(code, LUYANG, name);
  add(BEIJING, null, '北京市');
  add(DONGCHENG, BEIJING, '东城区');
  for (const [code, name] of DONGCHENG_STREETS) add(code, DONGCHENG, name);

  for (const street of Object.keys(COMMUNITIES)) {
    for (const c of communitiesOf(street)) add(c.code, street, `${c.name}社区`);
  }
  return rows;
}

export function regionName(code: string): string {
  const r = buildRegions().find((x) => x.code === code);
  return r ? r.name : code;
}
