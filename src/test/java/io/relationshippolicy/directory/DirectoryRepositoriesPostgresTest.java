package io.relationshippolicy.directory;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** The directory's repositories, and their part in the caller's transaction, on PostgreSQL. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryRepositoriesPostgresTest extends DirectoryRepositoriesTest implements OnPostgres {
}
