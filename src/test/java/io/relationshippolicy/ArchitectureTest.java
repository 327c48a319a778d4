package io.relationshippolicy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The policy core stays pure, and Drools stays behind the PolicyEngine port. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.relationshippolicy");
    }

    @Test
    void thePolicyCoreImportsNeitherMicronautNorDrools() {
        noClasses().that().resideInAPackage("io.relationshippolicy.policy")
                .or().resideInAPackage("io.relationshippolicy.policy.fact")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "org.kie..", "org.drools..", "jakarta.inject..")
                .because("the policy core is pure Java: rules decide, the application executes")
                .check(classes);
    }

    @Test
    void onlyThePolicyDroolsPackageTouchesDrools() {
        noClasses().that().resideOutsideOfPackage("io.relationshippolicy.policy.drools..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kie..", "org.drools..")
                .because("Drools stays behind the PolicyEngine port")
                .check(classes);
    }

    @Test
    void thePolicyCoreDoesNotReachIntoTheApplication() {
        noClasses().that().resideInAPackage("io.relationshippolicy.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relationshippolicy.relationship..",
                        "io.relationshippolicy.authorization..", "io.relationshippolicy.directory..", "io.relationshippolicy.decisionlog..",
                        "io.relationshippolicy.security..", "io.relationshippolicy.system..", "io.relationshippolicy.rules..")
                .check(classes);
    }
}
