package io.relationshippolicy.policy;

public enum DecisionKind { LINK_ISSUED, EMAIL_CHECK, ACCEPTANCE, DAP_REMOVAL, RENEGOTIATION, AUTHORIZATION }
