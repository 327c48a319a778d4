package io.relationshippolicy.policy;

/** What verifying a request link found (C4, C5); the rules decide what follows from it. */
public enum LinkStatus {
    VALID,
    MALFORMED,
    BAD_SIGNATURE,
    RETIRED_SECRET,
    UNKNOWN_PARTNER
}
