package io.relationshippolicy.policy;

/** Which side of a relationship gives its consent to a renegotiation (C11). */
public enum Side { PARTNER, CUSTOMER }
