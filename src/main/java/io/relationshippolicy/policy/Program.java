package io.relationshippolicy.policy;

/** CSP partners can transact (resell and be billed); NON_CSP partners can hold permissions but never transact (C8). */
public enum Program { CSP, NON_CSP }
