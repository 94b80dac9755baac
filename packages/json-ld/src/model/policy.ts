/** ODRL policies as the DSP 2025-1 profile writes them (negotiation/contract-schema.json). */

/** Operator enum of contract-schema.json#/definitions/Operator, in the schema's order. */
export const CONSTRAINT_OPERATORS = [
  'eq', 'gt', 'gteq', 'lteq', 'hasPart', 'isA', 'isAllOf', 'isAnyOf', 'isNoneOf', 'isPartOf', 'lt', 'term-lteq', 'neq',
] as const;
export type ConstraintOperator = (typeof CONSTRAINT_OPERATORS)[number];

export interface AtomicConstraint {
  leftOperand: string;
  operator: ConstraintOperator;
  rightOperand: string | Record<string, unknown> | unknown[];
}

/** Exactly one of the four operands (the schema's oneOf). */
export interface LogicalConstraint {
  and?: Constraint[];
  andSequence?: Constraint[];
  or?: Constraint[];
  xone?: Constraint[];
}

export type Constraint = AtomicConstraint | LogicalConstraint;

export interface Rule {
  action: string;
  constraint?: Constraint[];
  /** Not in the schema's Rule, but defined by the 2025-1 ODRL profile context (a set since #163). */
  duty?: Duty[];
}
export type Permission = Rule;
export type Prohibition = Rule;
export type Duty = Omit<Rule, 'duty'>;

/** contract-schema.json#/definitions/PolicyClass: what Offer, MessageOffer and Agreement share. */
export interface PolicyClass {
  '@id': string;
  profile?: string | string[];
  /** The schemas require permission or prohibition (anyOf). */
  permission?: Permission[];
  prohibition?: Prohibition[];
  obligation?: Duty[];
}

/** An Offer inside a Dataset or Distribution: it has no `target` (the enclosing Dataset is the target). */
export interface Offer extends PolicyClass {
  '@type'?: 'Offer';
}

/** An Offer inside a negotiation message. */
export interface MessageOffer extends PolicyClass {
  '@type': 'Offer';
  target?: string;
}

export interface Agreement extends PolicyClass {
  '@type': 'Agreement';
  target: string;
  assigner: string;
  assignee: string;
  /** XSD dateTime; the negotiation protocol text requires it in a ContractAgreementMessage. */
  timestamp?: string;
}
