package io.relationshippolicy.system;

/** Who sent a request, as shared code needs to know it: the subject and its tenant (null for staff). */
public interface Requester {

    String sub();

    String tenant();
}
