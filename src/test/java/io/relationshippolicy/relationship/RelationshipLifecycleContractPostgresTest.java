package io.relationshippolicy.relationship;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lifecycle contract on PostgreSQL: the same tests, the same migrations and SQL as on H2. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelationshipLifecycleContractPostgresTest extends RelationshipLifecycleContractTest implements OnPostgres {

    @Test
    void runsOnPostgres() {
        assertEquals("PostgreSQL", database.read(c -> c.getMetaData().getDatabaseProductName()));
    }
}
