/** Vietnamese names of the priority categories, as printed on the ticket (the UI has its own in ui/i18n). */
import type { PriorityCategory } from '../../api/queue';

export const PRIORITY_LABEL_VI: Readonly<Record<PriorityCategory, string>> = {
  elderly: 'Người cao tuổi',
  disability: 'Người khuyết tật',
  pregnant: 'Phụ nữ mang thai',
  small_child: 'Người có con nhỏ',
  meritorious: 'Người có công với cách mạng',
};

/** Age in whole years on `today` (both `yyyy-MM-dd`); undefined when the birth date is not a full date. */
export function ageOn(birthDate: string, today: string): number | undefined {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!b || !t) return undefined;
  let age = Number(t[1]) - Number(b[1]);
  if (Number(t[2]) * 100 + Number(t[3]) < Number(b[2]) * 100 + Number(b[3])) age -= 1;
  return age;
}

/** The age at which a resident is offered the elderly priority (Law on the Elderly 2009: 60 and over). */
export const ELDERLY_AGE = 60;
