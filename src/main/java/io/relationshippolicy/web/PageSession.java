package io.relationshippolicy.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is signed in to the pages: the same subject, tenant and roles an API token carries, when the session
 * ends, the form token that every state-changing form of this session must send back (CSRF), and how the
 * person signed in ({@code demo} or {@code oidc}).
 */
public record PageSession(String sub, String tenant, Set<String> roles, Instant expiresAt, String formToken, String signedInWith) {

    public PageSession {
        roles = Set.copyOf(new TreeSet<>(roles));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public List<String> sortedRoles() {
        return new TreeSet<>(roles).stream().toList();
    }
}
