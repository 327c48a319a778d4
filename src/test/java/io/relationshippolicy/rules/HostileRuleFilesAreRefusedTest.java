package io.relationshippolicy.rules;

import io.relationshippolicy.policy.drools.DrlCompiler;
import io.relationshippolicy.policy.RuleFileError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule language profile as an attacker meets it: rule files that would run code in the service, read its
 * secrets, start threads, write files or stop it are refused before anything is compiled, each with the
 * file and the line of the offending construct, and the canary file the attack would write never appears.
 * The same gate serves start-up, reload, the folder watcher, validate, {@code rules test} and
 * {@code rules impact}: they all check through {@link CheckedRules}.
 */
class HostileRuleFilesAreRefusedTest {

    private static final String FILE = "relationships/attack/attack.drl";
    static final Path CANARY = Path.of(System.getProperty("java.io.tmpdir"), "rules-canary-" + ProcessHandle.current().pid());
    private static final String C = CANARY.toString();

    /** Line 5 takes package-level constructs, line 9 a condition, line 11 a consequence. */
    private static String attack(String top, String when, String then) {
        return String.join("\n",
                "package relationships.attack;",
                "",
                "import io.relationshippolicy.policy.fact.AuthorizationRequest;",
                "import io.relationshippolicy.policy.fact.Denial;",
                top,
                "rule \"An attack hides in an ordinary looking rule\"",
                "    @id(\"ATK-001\") @clause(\"C9\")",
                "when",
                "    " + when,
                "then",
                "    " + then,
                "end",
                "");
    }

    private static final String WHEN = "AuthorizationRequest( customerId == \"C-NOBODY\" )";
    private static final String THEN = "insert(new Denial(\"NO_RELATIONSHIP\"));";

    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of("a secret read in a consequence", attack("", WHEN,
                        "insert(new Denial(System.getenv(\"POLICY_JWT_SECRET\")));"), 11),
                Arguments.of("a file written by a fully qualified static call", attack("", WHEN,
                        "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + C + "\"), \"x\");"), 11),
                Arguments.of("a thread that outlives the request", attack("", WHEN,
                        "new Thread(() -> { while (true) { } }).start();"), 11),
                Arguments.of("stopping the service", attack("", WHEN, "System.exit(42);"), 11),
                Arguments.of("reflection", attack("", WHEN,
                        "Class.forName(\"java.lang.Runtime\").getMethod(\"getRuntime\").invoke(null);"), 11),
                Arguments.of("a second statement after an allowed insert", attack("", WHEN,
                        THEN + " System.exit(1);"), 11),
                Arguments.of("a fully qualified outcome", attack("", WHEN,
                        "insert(new io.relationshippolicy.policy.fact.Denial(\"NO_RELATIONSHIP\"));"), 11),
                Arguments.of("a method call as an argument", attack("", WHEN,
                        "insert(new Denial(String.valueOf(Runtime.getRuntime().availableProcessors())));"), 11),
                Arguments.of("retract", attack("", "$r : AuthorizationRequest( customerId == \"C-NOBODY\" )", "retract($r);"), 11),
                Arguments.of("modify", attack("", "$r : AuthorizationRequest( customerId == \"C-NOBODY\" )",
                        "modify($r) { };"), 11),
                Arguments.of("a static call in a constraint", attack("",
                        "AuthorizationRequest( customerId == System.getProperty(\"user.name\") )", THEN), 9),
                Arguments.of("a method call on a field", attack("", "AuthorizationRequest( customerId.length() > 0 )", THEN), 9),
                Arguments.of("new in a constraint", attack("", "AuthorizationRequest( customerId == new String(\"C1\") )", THEN), 9),
                Arguments.of("a nested field through a binding", attack("",
                        "$r : AuthorizationRequest( ) Denial( code == $r.customerId )", THEN), 9),
                Arguments.of("eval", attack("", "eval( System.currentTimeMillis() > 0 )", THEN), 9),
                Arguments.of("from over a method call", attack("", "$s : String( ) from System.getenv(\"POLICY_JWT_SECRET\")", THEN), 9),
                Arguments.of("accumulate", attack("",
                        "$n : Number( ) from accumulate( AuthorizationRequest( ), count( 1 ) )", THEN), 9),
                Arguments.of("collect", attack("", "$l : java.util.List( ) from collect( AuthorizationRequest( ) )", THEN), 9),
                Arguments.of("a type outside the fact model in a pattern", attack("", "java.io.File( )", THEN), 9),
                Arguments.of("an import outside the fact model", attack("import java.lang.Runtime;", WHEN, THEN), 5),
                Arguments.of("a function", attack("function String leak() { return System.getenv(\"POLICY_JWT_SECRET\"); }",
                        WHEN, THEN), 5),
                Arguments.of("a global", attack("global java.util.List leaks;", WHEN, THEN), 5),
                Arguments.of("a query", attack("query \"every request\" AuthorizationRequest( ) end", WHEN, THEN), 5),
                Arguments.of("a declared type with an initial value", attack(
                        "declare Leak value : String = System.getenv(\"POLICY_JWT_SECRET\") end", WHEN, THEN), 5),
                Arguments.of("a unicode escape that closes a literal", attack("", WHEN,
                        "insert(new Denial(\"NO_RELATIONSHIP\\u0022 + System.getenv(\\u0022POLICY_JWT_SECRET\\u0022) + \\u0022\"));"), 11),
                Arguments.of("a unicode escape in a comment", attack("// \\u000a System.exit(3);", WHEN, THEN), 5),
                Arguments.of("code in rule metadata", attack("", WHEN, THEN).replace("@id(\"ATK-001\")",
                        "@id(System.getenv(\"POLICY_JWT_SECRET\"))"), 7),
                Arguments.of("a salience expression", attack("", WHEN, THEN).replace("@clause(\"C9\")",
                        "@clause(\"C9\")\n    salience( System.exit(4) )").replace("\nwhen", "\nwhen"), 8),
                Arguments.of("the mvel dialect", attack("", WHEN, THEN).replace("@clause(\"C9\")",
                        "@clause(\"C9\")\n    dialect \"mvel\""), 8),
                Arguments.of("a constraint nested past the limit", attack("", "AuthorizationRequest( " + "(".repeat(40)
                        + "customerId == \"C1\"" + ")".repeat(40) + " )", THEN), 9),
                Arguments.of("the engine's own handle", attack("", WHEN, "drools.halt();"), 11),
                Arguments.of("an inline cast", attack("", "AuthorizationRequest( customerId#String == \"C1\" )", THEN), 9),
                Arguments.of("this", attack("", "AuthorizationRequest( this != null )", THEN), 9),
                Arguments.of("an enabled expression", attack("", WHEN, THEN).replace("@clause(\"C9\")",
                        "@clause(\"C9\")\n    enabled ( System.exit(5) == 0 )"), 8),
                Arguments.of("a package among the service's classes", attack("", WHEN, THEN)
                        .replace("package relationships.attack;", "package io.relationshippolicy.policy.fact;"), 1));
    }

    @AfterAll
    static void noCanary() {
        assertFalse(Files.exists(CANARY), "an attack ran: " + CANARY + " was written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void isRefusedAtItsLineWithNothingExecuted(String attack, String drl, int line) {
        SortedMap<String, String> files = new TreeMap<>(RulesUnderTest.folder());
        files.put(FILE, drl);
        CheckedRules checked = CheckedRules.check(new DrlCompiler(), files);
        try {
            assertFalse(checked.compiles(), attack + " compiled");
            List<RuleFileError> errors = checked.compileErrors();
            assertTrue(errors.stream().anyMatch(e -> e.file().equals(FILE) && e.line() == line),
                    attack + ": wanted an error at " + FILE + ":" + line + ", got " + errors);
            for (RuleFileError error : errors) {
                assertFalse(error.message().contains("Exception") || error.message().contains("org.drools")
                        || error.message().contains("\tat ") || error.message().length() > 600, "not a clean message: " + error);
            }
        } finally {
            checked.discard();
        }
        assertFalse(Files.exists(CANARY), attack + " wrote " + CANARY);
    }

    @Test
    void theAttackTemplateItselfIsWithinTheProfile() {
        SortedMap<String, String> files = new TreeMap<>(RulesUnderTest.folder());
        files.put(FILE, attack("", WHEN, THEN));
        assertEquals(List.of(), CheckedRules.check(new DrlCompiler(), files).compileErrors());
    }

    @Test
    void aMissingSemicolonIsPlacedOnItsOwnLineWithoutAStackTrace() {
        SortedMap<String, String> files = new TreeMap<>(RulesUnderTest.folder());
        files.put(FILE, attack("", WHEN, "insert(new Denial(\"NO_RELATIONSHIP\"))"));
        List<RuleFileError> errors = new DrlCompiler().compile(files).errors();
        assertEquals(1, errors.size(), errors.toString());
        RuleFileError error = errors.get(0);
        assertEquals(11, error.line());
        assertEquals(42, error.column(), error.toString());
        assertTrue(error.message().contains("';' is missing"), error.message());
        assertTrue(error.message().length() < 600);
    }

    @Test
    void aMisspeltFieldIsPlacedOnItsColumnAndNamesTheFields() {
        SortedMap<String, String> files = new TreeMap<>(RulesUnderTest.folder());
        files.put(FILE, attack("", "AuthorizationRequest( custmerId == \"C1\" )", THEN));
        RuleFileError error = new DrlCompiler().compile(files).errors().get(0);
        assertEquals(9, error.line());
        assertEquals(27, error.column(), error.toString());
        assertTrue(error.message().contains("customerId"), error.message());
    }

    @Test
    void aCodeWithoutItsMessagesIsRefusedNamingEachLanguageFile() {
        SortedMap<String, String> files = new TreeMap<>(RulesUnderTest.folder());
        files.put(FILE, attack("", WHEN, "insert(new Denial(\"BRAND_NEW_REASON\"));"));
        List<RuleFileError> errors = new DrlCompiler().compile(files).errors();
        assertEquals(3, errors.size(), errors.toString());
        assertEquals(List.of("messages_en.properties", "messages_pt_BR.properties", "messages_fr.properties"),
                errors.stream().map(RuleFileError::file).toList());
        assertTrue(errors.get(0).message().contains("BRAND_NEW_REASON") && errors.get(0).message().contains(FILE + " line 11"),
                errors.get(0).message());

        files.put("messages_en.properties", files.get("messages_en.properties") + "\nBRAND_NEW_REASON=A new reason.\n");
        files.put("messages_pt_BR.properties", files.get("messages_pt_BR.properties") + "\nBRAND_NEW_REASON=Um novo motivo.\n");
        assertEquals(1, new DrlCompiler().compile(files).errors().size(), "only French lacks it now");
        files.put("messages_fr.properties", files.get("messages_fr.properties") + "\nBRAND_NEW_REASON=Un nouveau motif.\n");
        var compiled = new DrlCompiler().compile(files);
        assertTrue(compiled.compiles(), compiled.errors().toString());
        assertEquals("Un nouveau motif.", compiled.engine().messages().message("BRAND_NEW_REASON", java.util.Locale.FRENCH));
        compiled.engine().close();
    }

    @Test
    void everyRuleOfTheRealFolderIsWithinTheProfile() throws IOException {
        var compiled = new DrlCompiler().compile(RulesUnderTest.folder());
        assertTrue(compiled.compiles(), compiled.errors().toString());
        compiled.engine().close();
    }
}
