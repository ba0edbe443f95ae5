/**
 * Text helpers of the sandbox: search folding (case- and diacritics-insensitive) and the
 * applicant-name mask used on dossier lookup.
 */

/** Folds text for search: NFD, combining marks stripped, đ/Đ -> d, lower case, spaces squeezed. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Masks a Vietnamese full name for lookup answers: the family name (first word) stays whole,
 * every other word keeps its first letter and the rest become `*`.
 * "Nguyễn Văn An" -> "Nguyễn V** A*". A single-word name keeps only its first letter.
 */
export function maskApplicantName(fullName: string): string {
  const words = fullName.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '*';
  const maskWord = (w: string) => {
    const chars = Array.from(w);
    return `${chars[0] ?? ''}${'*'.repeat(Math.max(0, chars.length - 1))}`;
  };
  if (words.length === 1) return maskWord(words[0]!);
  return [words[0]!, ...words.slice(1).map(maskWord)].join(' ');
}
