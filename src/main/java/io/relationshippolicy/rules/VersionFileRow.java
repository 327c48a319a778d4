package io.relationshippolicy.rules;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A row of table rules_version_file: one file of a rules version that was activated once. */
@MappedEntity("rules_version_file")
public record VersionFileRow(@EmbeddedId Key key, String content) {

    @Embeddable
    public record Key(@MappedProperty("version") String version, @MappedProperty("path") String path) {
    }
}
