package io.relationshippolicy.policy;

public enum Outcome { ALLOW, DENY }
