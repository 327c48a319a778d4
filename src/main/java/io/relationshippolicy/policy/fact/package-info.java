/**
 * The facts the DRL rules see. World facts describe the directory and the relationships; a request fact
 * describes the command being decided; outcome facts ({@link Denial}, {@link Permit}, {@link Obligation}
 * and the effect facts) are what rules insert. Java aggregates the outcome facts with default deny.
 */
package io.relationshippolicy.policy.fact;
