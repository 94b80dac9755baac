/**
 * The ODRL policy model of the DSP 2025-1 profile (artifacts/.../negotiation/contract-schema.json
 * and context/odrl.jsonld of eclipse-dataspace-protocol-base/DataspaceProtocol, tag 2025-1-err1).
 * Terms are held in their compact form without the `odrl:` prefix (`use`, `eq`, `dateTime`);
 * terms from other vocabularies keep the prefix or IRI they were written with.
 */

/** The operators of the DSP profile's `Operator` enum (ODRL 2.2 Information Model, "Constraint Class"). */
export const OPERATORS = ['eq', 'neq', 'gt', 'gteq', 'lt', 'lteq', 'isA', 'hasPart', 'isPartOf', 'isAllOf', 'isAnyOf', 'isNoneOf'] as const;
export type Operator = (typeof OPERATORS)[number];

/** The operands of a LogicalConstraint the DSP schema allows (ODRL 2.2 Information Model, "Logical Constraint Class"). */
export const LOGICAL_OPERATORS = ['and', 'or', 'xone', 'andSequence'] as const;
export type LogicalOperator = (typeof LOGICAL_OPERATORS)[number];

/** One right-operand value as compact JSON-LD writes it: a literal, a typed literal or a node reference. */
export type RightOperandValue =
  | string
  | number
  | boolean
  | { readonly '@value': string | number | boolean; readonly '@type'?: string }
  | { readonly '@id': string };

/** A right operand: one value, or a list of values for the set-based operators. */
export type RightOperand = RightOperandValue | readonly RightOperandValue[];

export interface AtomicConstraint {
  readonly kind: 'atomic';
  readonly leftOperand: string;
  readonly operator: Operator;
  readonly rightOperand: RightOperand;
}

export interface LogicalConstraint {
  readonly kind: 'logical';
  readonly operator: LogicalOperator;
  readonly constraints: readonly Constraint[];
}

export type Constraint = AtomicConstraint | LogicalConstraint;

export interface Duty {
  readonly action: string;
  readonly constraint: readonly Constraint[];
}

export interface Permission {
  readonly action: string;
  readonly constraint: readonly Constraint[];
  /** Pre-conditions of the permission (ODRL 2.2 Information Model, "Duty property with a Permission"). */
  readonly duty: readonly Duty[];
}

export interface Prohibition {
  readonly action: string;
  readonly constraint: readonly Constraint[];
}

export const POLICY_TYPES = ['Offer', 'Agreement', 'Set'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export interface Policy {
  readonly id: string;
  readonly type: PolicyType;
  /** The dataset; DSP forbids it on an Offer inside a Catalog or Dataset and requires it on an Agreement. */
  readonly target?: string;
  readonly assigner?: string;
  readonly assignee?: string;
  /** When an Agreement was concluded (xsd:dateTime); `elapsedTime` counts from it. */
  readonly timestamp?: string;
  readonly profile: readonly string[];
  readonly permission: readonly Permission[];
  readonly prohibition: readonly Prohibition[];
  /** Duties of the policy as a whole (ODRL 2.2 Information Model, "Obligation property with a Policy"). */
  readonly obligation: readonly Duty[];
}

export type RuleKind = 'permission' | 'prohibition' | 'obligation' | 'duty';
