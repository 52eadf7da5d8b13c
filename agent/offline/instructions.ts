// Sets aside what in a question tries to change the agent's role, rules or behaviour ("ignore your rules",
// "you are now an administrator", "system: …"), so that only the data request is read, and names governed
// fields asked for under another name by their own, so the gateway refuses and audits them.

export interface SetAside {
  /** The question without the instructions. */
  request: string
  /** The instructions set aside, as written. */
  instructions: string[]
}

/** Where a clause ends: punctuation, or "and"/"then" before a data request. */
const CLAUSE_END = String.raw`(?=[,.;:!?\n]|\s+(?:and|then|now|but|so|&)\s+(?:then\s+)?(?:show|list|give|tell|what|how|which|who|count|find|display|get|return|print|dump|export|sum|total)\b|\s*$)`
const REST_OF_CLAUSE = String.raw`[^,.;:!?\n]*?${CLAUSE_END}`

/** Instructions that try to change who the agent is, what it may do or how it behaves. */
const INSTRUCTION_PATTERNS: RegExp[] = [
  new RegExp(
    String.raw`\b(?:please\s+)?(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|turn off|disable)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+|these\s+|those\s+|previous\s+|prior\s+|earlier\s+|above\s+|preceding\s+|original\s+|safety\s+|security\s+|access\s+)*(?:instructions?|rules?|guidelines?|policy|policies|restrictions?|prompts?|guardrails?|constraints?|limits?|above|everything|system prompt|permissions?|filters?)${REST_OF_CLAUSE}`,
    'gi',
  ),
  new RegExp(String.raw`\byou\s+are\s+(?:now|no longer|actually|hereby)\b${REST_OF_CLAUSE}`, 'gi'),
  new RegExp(
    String.raw`\byou\s+are\s+(?:an?\s+|the\s+)?(?:admin|administrator|root|superuser|sysadmin|dba|unrestricted|jailbroken|dan)\b${REST_OF_CLAUSE}`,
    'gi',
  ),
  new RegExp(String.raw`\b(?:from now on|henceforth)\b${REST_OF_CLAUSE}`, 'gi'),
  new RegExp(
    String.raw`\b(?:act|behave|respond|answer)\s+(?:as|like)\s+(?:an?\s+|the\s+|if\s+)${REST_OF_CLAUSE}`,
    'gi',
  ),
  new RegExp(String.raw`\bpretend\b${REST_OF_CLAUSE}`, 'gi'),
  new RegExp(String.raw`\broleplay\b${REST_OF_CLAUSE}`, 'gi'),
  /(?:^|\b)(?:system|assistant|developer|admin)\s*(?:prompt|message|note|override)?\s*:/gi,
  new RegExp(String.raw`\bnew\s+(?:instructions?|rules?|role|policy)\b${REST_OF_CLAUSE}`, 'gi'),
  new RegExp(
    String.raw`\b(?:enable|enter|activate|switch (?:on|to)|turn on)?\s*(?:developer|dev|god|admin|debug|jailbreak|unrestricted|sudo|dan)\s+mode\b${REST_OF_CLAUSE}`,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:(?:i\s+am|i'm|im)\s+(?:an?\s+|the\s+|your\s+)?(?:(?:bank|branch|internal)\s+)?(?:admin|administrator|root|superuser|super user|sysadmin|system administrator|ceo|developer|auditor|compliance officer|risk officer|manager|security officer|employee|staff member|member of staff|teller|banker|insider|analyst|officer)|as\s+(?:an?\s+|the\s+)?(?:admin|administrator|root|superuser|sysadmin))\b(?:\s+(?:now|here|so|and so)\b)?${REST_OF_CLAUSE}`,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:grant|give)\s+(?:me|yourself)\s+(?:full\s+|admin\s+|all\s+|root\s+|elevated\s+)*(?:access|rights|permissions?|privileges?|role)\b${REST_OF_CLAUSE}`,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:without|with no|no)\s+(?:any\s+)?(?:restrictions?|masking|redaction|rules?|censorship|guardrails?)\b`,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:reveal|print|show|repeat)\s+(?:your|the)\s+(?:system\s+)?(?:prompt|instructions|rules)\b${REST_OF_CLAUSE}`,
    'gi',
  ),
]

/** Another name of a governed field → the field's own words, so that the planner asks for that very field. */
const GOVERNED_FIELD_SYNONYMS: [RegExp, string][] = [
  [
    /\bsocial[\s-]+security(?:\s+(?:numbers?|nos?\.?|#|ids?))?\b|\bsocial[\s-]+insurance\s+numbers?\b|\bsocials\b/gi,
    'SSN',
  ],
  [
    /\btax(?:payer)?(?:[\s-]+(?:file|reference|registration))?[\s-]*(?:id(?:entification)?|identifier|numbers?|nos?\.?|codes?)(?:\s+(?:numbers?|nos?\.?))?s?\b|\btins?\b|\bnational[\s-]+(?:ids?|identifiers?|identity numbers?|identification numbers?|insurance numbers?)\b/gi,
    'SSN',
  ],
  [
    /\bfico(?:\s+scores?)?\b|\bcredit[\s-]+(?:ratings?|worthiness|scoring)\b|\bcredit-scores?\b|\bcreditscores?\b/gi,
    'credit score',
  ],
  [
    /\bdobs?\b|\bd\.o\.b\.?|\bbirth[\s-]?days?\b|\bbirth\s*dates?\b|\bdates?\s+of\s+birth\b|\bwhen\s+(?:\w+\s+){0,3}(?:was|were)\s+born\b/gi,
    'date of birth',
  ],
  // "When was customer C-00042 born?": the date of birth of whoever is named between.
  [/\bwhen\s+(?:was|were|is)\s+((?:[\w-]+\s+){1,4})born\b/gi, 'date of birth of $1'],
]

/** The question without instructions to the agent, and what was set aside. */
export function setAsideInstructions(text: string): SetAside {
  const instructions: string[] = []
  let request = text
  for (const pattern of INSTRUCTION_PATTERNS) {
    request = request.replace(pattern, (match) => {
      if (match.trim()) instructions.push(match.trim())
      return ' '
    })
  }
  request = request
    .replace(/^[\s,.;:!?&-]*(?:(?:and|then|but|so|now|also|ok|okay)\b[\s,.;:!?-]*)*/i, '')
    .replace(/\s+([,.;!?])/g, '$1')
    .replace(/([,.;:])(?:\s*[,.;:])+/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim()
  return { request, instructions }
}

/** The question with governed fields named as the schema names them: "tax id" → "SSN", "DOB" → "date of birth". */
export function nameGovernedFields(text: string): string {
  return GOVERNED_FIELD_SYNONYMS.reduce((rest, [pattern, name]) => rest.replace(pattern, name), text)
}
