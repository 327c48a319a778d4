package io.relationshippolicy.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.relationshippolicy.security.Roles;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Development sign-in: pick one of the demo identities instead of signing in with an identity provider. It is
 * offered only while the service signs tokens with its development secret (no {@code POLICY_JWT_SECRET}, no
 * identity provider keys) and never in the production environment. The identities are configured as
 * {@code policy.pages.demo-identities}: {@code "<sub>|<tenant or empty>|<ROLE>[,<ROLE>]"}.
 */
@Singleton
public class DemoSignIn {

    /** One identity offered on the sign-in page. */
    public record Identity(String sub, @Nullable String tenant, Set<String> roles) {
        public String rolesText() {
            return String.join(", ", roles);
        }
    }

    private final boolean enabled;
    private final List<Identity> identities;

    public DemoSignIn(Environment environment,
                      @Nullable @Value("${policy.jwt.secret:}") String secret,
                      @Nullable @Value("${policy.jwt.jwks-url:}") String jwksUrl,
                      @Nullable @Value("${policy.pages.demo-identities:}") List<String> configured) {
        boolean production = environment.getActiveNames().contains("prod");
        this.enabled = !production && blank(secret) && blank(jwksUrl);
        this.identities = enabled && configured != null ? parse(configured) : List.of();
    }

    public boolean enabled() {
        return enabled;
    }

    public List<Identity> identities() {
        return identities;
    }

    public Optional<Identity> find(String sub) {
        return identities.stream().filter(i -> i.sub().equals(sub)).findFirst();
    }

    static List<Identity> parse(List<String> configured) {
        List<Identity> identities = new ArrayList<>();
        for (String line : configured) {
            String[] parts = line.split("\\|", -1);
            if (parts.length != 3) {
                throw new IllegalStateException("policy.pages.demo-identities: '" + line + "' is not '<sub>|<tenant>|<ROLE>[,<ROLE>]'");
            }
            Set<String> roles = new LinkedHashSet<>(Arrays.asList(parts[2].split(",")));
            if (!Roles.ALL.containsAll(roles)) {
                throw new IllegalStateException("policy.pages.demo-identities: '" + line + "' names a role outside " + Roles.DOCUMENTED);
            }
            String tenant = parts[1].isBlank() ? null : parts[1].strip();
            identities.add(new Identity(parts[0].strip(), tenant, roles));
        }
        return List.copyOf(identities);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
