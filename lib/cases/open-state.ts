// SPEC §1/§5: a case is closed while its status answer equals the closing value.
export type CaseSettings = { statusQuestionName: string | null; closingValue: string | null };

export function casesEnabled(settings: CaseSettings): boolean {
  return settings.statusQuestionName !== null && settings.closingValue !== null;
}

/** Records of a survey without cases are never open: they take no further messages. */
export function isOpen(settings: CaseSettings, status: string | null): boolean {
  return casesEnabled(settings) && status !== settings.closingValue;
}
