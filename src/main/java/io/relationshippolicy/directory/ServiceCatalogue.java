package io.relationshippolicy.directory;

import io.micronaut.context.annotation.Value;
import io.relationshippolicy.system.ProblemException;
import jakarta.inject.Singleton;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The services a relationship can grant DAP for, configured as {@code policy.services}. */
@Singleton
public class ServiceCatalogue {

    private final Set<String> services;

    public ServiceCatalogue(@Value("${policy.services}") List<String> services) {
        this.services = new LinkedHashSet<>(services);
    }

    public Set<String> services() {
        return services;
    }

    public String require(String service) {
        if (service == null || !services.contains(service)) {
            throw ProblemException.badRequest("Unknown service '" + service + "': use one of " + services + ".");
        }
        return service;
    }
}
