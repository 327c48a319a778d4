package io.relationshippolicy.web;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** The secret that signs page session cookies, shared by every instance on one database. */
@MappedEntity("page_session_key")
public record SessionKeyRow(@Id Integer id, String secret, Instant createdAt) {
}
