package io.relationshippolicy.relationship;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.relationshippolicy.security.Roles;
import io.relationshippolicy.system.Logs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/** Rotation of the request-link signing key (operator): links signed before are then refused as signed with a retired secret (C5). */
@Controller("/api/v1/link-keys")
@Secured(Roles.OPERATOR)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Operations")
public class LinkKeyController {

    private static final Logger LOG = LoggerFactory.getLogger(LinkKeyController.class);

    private final LinkSigningKeys keys;

    public LinkKeyController(LinkSigningKeys keys) {
        this.keys = keys;
    }

    @Post("/rotation")
    @Operation(summary = "Retire the request-link signing key and start signing with a new one")
    public LinkKeyRotationView rotate(Authentication authentication) {
        LinkSigningKeys.Rotation rotation = keys.rotate();
        LOG.info("Request-link signing key rotated by {}: new key {}, retired {}", Logs.safe(authentication.getName()),
                rotation.keyId(), rotation.retiredKeyIds());
        return new LinkKeyRotationView(rotation.keyId(), rotation.retiredKeyIds(), Instant.now());
    }
}
