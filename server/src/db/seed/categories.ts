/** Category taxonomy; sources in brackets are the seed documents that use each grouping. */
export interface CategorySeed {
  code: string;
  nameZh: string;
  nameEn: string;
  nameZhTw: string;
  sortOrder: number;
}

export const CATEGORIES: CategorySeed[] = [
  // [000] 五里桥: the four groups of its 32 organisations
  { code: 'life_services', nameZh: '生活服务类', nameEn: 'Life services', nameZhTw: '生活服務類', sortOrder: 10 },
  { code: 'charity', nameZh: '公益慈善类', nameEn: 'Charity', nameZhTw: '公益慈善類', sortOrder: 20 },
  { code: 'mediation', nameZh: '社区专业调处类', nameEn: 'Community mediation', nameZhTw: '社區專業調處類', sortOrder: 30 },
  { code: 'culture_sports', nameZh: '文体活动类', nameEn: 'Culture and sports', nameZhTw: '文體活動類', sortOrder: 40 },
  // [003] 长寿路: the four groups of its 193 teams
  { code: 'fitness', nameZh: '体育健身类', nameEn: 'Sports and fitness', nameZhTw: '體育健身類', sortOrder: 50 },
  { code: 'entertainment', nameZh: '文化娱乐类', nameEn: 'Culture and entertainment', nameZhTw: '文化娛樂類', sortOrder: 60 },
  { code: 'hobby', nameZh: '休闲爱好类', nameEn: 'Leisure and hobbies', nameZhTw: '休閒愛好類', sortOrder: 70 },
  { code: 'public_service', nameZh: '公益服务类', nameEn: 'Public service', nameZhTw: '公益服務類', sortOrder: 80 },
  // [001] 庐阳
  { code: 'livelihood', nameZh: '民生服务', nameEn: 'Livelihood services', nameZhTw: '民生服務', sortOrder: 90 },
  { code: 'community_services', nameZh: '社区服务', nameEn: 'Community services', nameZhTw: '社區服務', sortOrder: 100 },
  { code: 'tech_innovation', nameZh: '科技创新', nameEn: 'Technology and innovation', nameZhTw: '科技創新', sortOrder: 110 },
  { code: 'elderly_care', nameZh: '养老服务', nameEn: 'Elderly care', nameZhTw: '養老服務', sortOrder: 120 },
  { code: 'social_work', nameZh: '社会工作服务', nameEn: 'Social work services', nameZhTw: '社會工作服務', sortOrder: 130 },
];

export type CategoryCode =
  | 'life_services' | 'charity' | 'mediation' | 'culture_sports'
  | 'fitness' | 'entertainment' | 'hobby' | 'public_service'
  | 'livelihood' | 'community_services' | 'tech_innovation' | 'elderly_care' | 'social_work';
