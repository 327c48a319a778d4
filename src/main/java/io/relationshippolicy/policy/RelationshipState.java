package io.relationshippolicy.policy;

/** ACTIVE: the customer is in the partner's customer list (C9). TERMINATED: renegotiated away (C11). */
public enum RelationshipState { ACTIVE, TERMINATED }
