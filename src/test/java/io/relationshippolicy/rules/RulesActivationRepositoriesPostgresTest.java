package io.relationshippolicy.rules;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.relationshippolicy.support.OnPostgres;
import org.junit.jupiter.api.TestInstance;

/** Activations, version files and attempts through their repositories on PostgreSQL. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesActivationRepositoriesPostgresTest extends RulesActivationRepositoriesTest implements OnPostgres {
}
