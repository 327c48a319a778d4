package io.relationshippolicy.policy;

/** The Partner Center instance a partner or customer lives in (C15). A relationship never crosses instances. */
public enum Cloud { PUBLIC, GERMANY }
