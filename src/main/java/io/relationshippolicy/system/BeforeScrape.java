package io.relationshippolicy.system;

/**
 * A feature's meters that are brought up to date just before {@code /metrics} is read (a gauge whose tag
 * names something that changes, such as the active rules version). Each feature provides its own.
 */
public interface BeforeScrape {

    void beforeScrape();
}
