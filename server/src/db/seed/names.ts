import { idCheckDigit } from '../../../../shared/validators.js';
import type { Rng } from './prng.js';

/** Common surnames, weighted roughly by frequency through repetition of the most common ones. */
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高',
  '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁',
  '潘', '于', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔',
  '钟', '谭', '陆', '汪', '范', '金', '石', '廖', '贾', '夏', '韦', '顾', '施', '毛', '邱', '严', '钱', '秦',
  '王', '李', '张', '刘', '陈', '沈', '陆', '顾', '徐', '周',
];
const MALE_GIVEN = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '建国', '建华', '国强', '志明', '海', '斌',
  '浩', '俊', '国平', '德华', '永康', '文杰', '宏', '峰', '振华', '家明', '荣根', '根宝', '金龙', '伟民', '卫东',
  '立新', '建平', '志刚', '宝林', '云飞', '思远', '子轩', '浩然', '宇航', '嘉豪', '一鸣',
];
const FEMALE_GIVEN = [
  '芳', '娟', '敏', '静', '丽', '艳', '秀英', '桂英', '玉兰', '凤英', '丽华', '美华', '秀珍', '慧', '霞', '萍',
  '红', '琴', '雪梅', '晓燕', '丽萍', '佩华', '月娥', '彩娣', '宝娣', '珍', '婷', '雯', '倩', '思雨', '欣怡',
  '梓涵', '佳怡', '雅琴', '素珍', '国英', '金妹', '小妹', '惠芳', '巧玲', '海燕', '亚萍',
];

export type Gender = 'male' | 'female';

export function personName(rng: Rng, gender: Gender): string {
  return rng.pick(SURNAMES) + rng.pick(gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
}

const PHONE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '153', '158', '159', '177', '180', '186', '189', '199'];

export function mobilePhone(rng: Rng): string {
  let rest = '';
  for (let i = 0; i < 8; i++) rest += rng.int(0, 9);
  return rng.pick(PHONE_PREFIXES) + rest;
}

/** Household-registration area prefixes (first 6 digits of the ID number) per province. */
export const ID_AREAS: Record<string, readonly string[]> = {
  '31': ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310112', '310115'],
  '11': ['110101', '110102', '110105', '110106', '110108'],
  '34': ['340102', '340103', '340104', '340111', '340121'],
};

/** A GB 11643 citizen ID number born on `birthDate` (YYYY-MM-DD), valid check digit; the sequence digit's parity encodes the gender. */
export function idNumber(rng: Rng, province: string, birthDate: string, gender: Gender): string {
  const area = rng.pick(ID_AREAS[province] ?? ID_AREAS['31']);
  const seq = rng.int(0, 49) * 2 + (gender === 'male' ? 1 : 0);
  const first17 = `${area}${birthDate.replaceAll('-', '')}${String(rng.int(0, 9))}${String(seq).padStart(2, '0')}`;
  return first17 + idCheckDigit(first17);
}

/**
 * A birth date on which someone is exactly `age` years old on `today` (YYYY-MM-DD): born after
 * today's date `age + 1` years back and no later than today's date `age` years back.
 */
export function birthDateAtAge(rng: Rng, age: number, today: string): string {
  const [y, m, d] = today.split('-').map(Number);
  const latest = Date.UTC(y - age, m - 1, d);
  const earliest = Date.UTC(y - age - 1, m - 1, d) + 86400000;
  const days = Math.round((latest - earliest) / 86400000);
  return new Date(earliest + rng.int(0, days) * 86400000).toISOString().slice(0, 10);
}
