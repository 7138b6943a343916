import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { z } from 'zod';
import { CHECKLIST_LANGUAGES, type ChecklistLanguage } from '../../skill/checklist.js';
import { unknownValueMessage } from '../../errors.js';

/** Prompt arguments arrive as strings; this one completes to the supported languages. */
export const languageArg = completable(
  z.string().describe(`Programming language: ${CHECKLIST_LANGUAGES.join(', ')}.`),
  (value) => CHECKLIST_LANGUAGES.filter((l) => l.startsWith((value ?? '').toLowerCase())),
);

/** Validates a prompt's language argument, naming the allowed values when it is not one of them. */
export function parseLanguageOrThrow(value: string): ChecklistLanguage {
  const lower = value.trim().toLowerCase();
  const found = CHECKLIST_LANGUAGES.find((l) => l === lower);
  if (!found) throw new Error(unknownValueMessage('language', value, CHECKLIST_LANGUAGES));
  return found;
}
