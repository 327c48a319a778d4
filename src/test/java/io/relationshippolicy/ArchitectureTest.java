package io.relationshippolicy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The policy core stays pure, Drools stays behind the PolicyEngine port, and the packages form no cycle:
 * features lean on shared code ({@code system}, {@code security}, {@code web}), never the other way round.
 */
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

    @Test
    void thePackagesFormNoCycle() {
        slices().matching("io.relationshippolicy.(*)..")
                .should().beFreeOfCycles()
                .because("each feature can be read, changed and tested without the others leaning back on it")
                .check(classes);
    }

    @Test
    void sharedCodeImportsNoFeature() {
        noClasses().that().resideInAPackage("io.relationshippolicy.system..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relationshippolicy.relationship..",
                        "io.relationshippolicy.authorization..", "io.relationshippolicy.directory..", "io.relationshippolicy.decisionlog..",
                        "io.relationshippolicy.rules..", "io.relationshippolicy.operations..", "io.relationshippolicy.security..")
                .because("system/ is shared: it knows nothing of the features that use it")
                .check(classes);
        noClasses().that().resideInAPackage("io.relationshippolicy.security..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relationshippolicy.relationship..",
                        "io.relationshippolicy.authorization..", "io.relationshippolicy.directory..", "io.relationshippolicy.decisionlog..",
                        "io.relationshippolicy.rules..", "io.relationshippolicy.operations..")
                .because("security/ is shared: it knows nothing of the features it protects")
                .check(classes);
        noClasses().that().resideInAPackage("io.relationshippolicy.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.relationshippolicy.relationship..",
                        "io.relationshippolicy.authorization..", "io.relationshippolicy.directory..", "io.relationshippolicy.decisionlog..",
                        "io.relationshippolicy.rules..", "io.relationshippolicy.operations..")
                .because("web/ is the pages' shared frame (sign-in, sessions, form tokens, headers): each feature owns its own pages")
                .check(classes);
    }

    @Test
    void pagesNeverTouchTheDatabaseOrTheRulesEngine() {
        noClasses().that().haveSimpleNameEndingWith("Page").or().haveSimpleNameEndingWith("Pages")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.relationshippolicy.policy.drools..")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Store")
                .because("a page is a thin view over the same service call as its API route: it never decides and never writes SQL")
                .check(classes);
    }

    @Test
    void theDroolsEngineTypeNeverLeavesItsPackage() {
        noClasses().that().resideOutsideOfPackage("io.relationshippolicy.policy.drools..")
                .should().dependOnClassesThat().haveSimpleName("DroolsPolicyEngine")
                .orShould().dependOnClassesThat().haveSimpleName("RuleLanguageProfile")
                .orShould().dependOnClassesThat().haveSimpleName("ErrorLocator")
                .because("the rest of the service works through the PolicyEngine and PolicyCompiler ports; only the "
                        + "composition roots (ActiveRules, the rules command) name the compiler that implements them")
                .check(classes);
    }
}
