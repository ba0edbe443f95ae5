/**
 * Text helpers of the sandbox: the applicant-name mask used on dossier lookup. (Search folding
 * is common/search's, shared with the kiosk.)
 */

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
