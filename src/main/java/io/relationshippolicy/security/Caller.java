package io.relationshippolicy.security;

import io.micronaut.security.authentication.Authentication;
import io.relationshippolicy.system.Requester;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Who is calling: the token's subject, the partner or customer it belongs to (none for staff roles), its roles. */
public record Caller(String sub, String tenant, Set<String> roles) implements Requester {

    public static Caller of(Authentication authentication) {
        Object tenant = authentication.getAttributes().get("tenant");
        return new Caller(authentication.getName(), tenant == null ? null : tenant.toString(),
                Set.copyOf(new TreeSet<>(authentication.getRoles())));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean belongsTo(String tenantId) {
        return tenant != null && tenant.equals(tenantId);
    }

    public List<String> sortedRoles() {
        return new TreeSet<>(roles).stream().toList();
    }
}
