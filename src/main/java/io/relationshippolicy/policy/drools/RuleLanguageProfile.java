package io.relationshippolicy.policy.drools;

import io.relationshippolicy.policy.ErrorMessages;
import io.relationshippolicy.policy.RuleFileError;
import io.relationshippolicy.policy.Action;
import io.relationshippolicy.policy.Cloud;
import io.relationshippolicy.policy.LinkStatus;
import io.relationshippolicy.policy.Program;
import io.relationshippolicy.policy.RelationshipState;
import io.relationshippolicy.policy.Side;
import io.relationshippolicy.policy.fact.AcceptanceRequest;
import io.relationshippolicy.policy.fact.AuthorizationRequest;
import io.relationshippolicy.policy.fact.ClearDelegatedAdmin;
import io.relationshippolicy.policy.fact.Customer;
import io.relationshippolicy.policy.fact.DapRemovalRequest;
import io.relationshippolicy.policy.fact.Denial;
import io.relationshippolicy.policy.fact.EmailCheckRequest;
import io.relationshippolicy.policy.fact.Grant;
import io.relationshippolicy.policy.fact.GrantDelegatedAdmin;
import io.relationshippolicy.policy.fact.LinkIssueRequest;
import io.relationshippolicy.policy.fact.Obligation;
import io.relationshippolicy.policy.fact.Partner;
import io.relationshippolicy.policy.fact.Permit;
import io.relationshippolicy.policy.fact.RecordConsent;
import io.relationshippolicy.policy.fact.Relationship;
import io.relationshippolicy.policy.fact.RemovalTarget;
import io.relationshippolicy.policy.fact.RenegotiationRequest;
import io.relationshippolicy.policy.fact.RequestedService;
import io.relationshippolicy.policy.fact.Subscription;
import io.relationshippolicy.policy.fact.TerminateRelationship;
import io.relationshippolicy.policy.drools.RuleTokens.Kind;
import io.relationshippolicy.policy.drools.RuleTokens.Token;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rule language profile: the part of DRL a rules folder may use. Every rule file is parsed with Drools'
 * own parser and its descriptors are held against an allow-list before anything is compiled into runnable
 * code, so no rule file can call a method, create an object other than an outcome, reach a class outside
 * the fact model, or use a construct (functions, globals, queries, {@code eval}, {@code from},
 * {@code accumulate}, {@code modify}...) through which it could. What is refused comes back with the file,
 * the line and column, and what is allowed instead.
 *
 * <p>What the profile allows, and only that:
 * <ul>
 *   <li>a {@code package} named after the folder, imports of the fact classes and the policy enums;</li>
 *   <li>{@code declare} types whose fields are text, numbers, booleans or policy enums, without initial values;</li>
 *   <li>rules with a name, {@code @id("...")} and {@code @clause("...")}, and no other attribute;</li>
 *   <li>conditions made of patterns over fact or declared types, {@code not}, {@code exists}, {@code and},
 *       {@code or}; pattern constraints compare fields, bindings, literals and enum constants with
 *       {@code == != < <= > >=}, combined with {@code && || !} and parentheses, or bind a field
 *       ({@code $x : field});</li>
 *   <li>consequences made only of {@code insert(new T(...));} where T is an outcome, an effect or a declared
 *       type and every argument is a literal, {@code null}, an enum constant or a binding.</li>
 * </ul>
 */
public final class RuleLanguageProfile {

    /** Outcomes and effects: the facts a consequence may insert. */
    static final Map<String, Class<?>> INSERTABLE = classes(Denial.class, Permit.class, Obligation.class,
            GrantDelegatedAdmin.class, ClearDelegatedAdmin.class, RecordConsent.class, TerminateRelationship.class);
    /** Every fact a pattern may match: the world, the requests, and the outcomes. */
    static final Map<String, Class<?>> FACTS = merged(INSERTABLE, classes(Customer.class, Partner.class, Relationship.class,
            Grant.class, Subscription.class, AcceptanceRequest.class, AuthorizationRequest.class, DapRemovalRequest.class,
            EmailCheckRequest.class, LinkIssueRequest.class, RenegotiationRequest.class, RequestedService.class,
            RemovalTarget.class));
    static final Map<String, Class<?>> ENUMS = classes(Action.class, Cloud.class, LinkStatus.class, Program.class,
            RelationshipState.class, Side.class);
    /** Outcomes whose first argument is a reason or obligation code, which needs its messages. */
    private static final Set<String> CODED = Set.of("Denial", "Obligation");
    private static final Set<String> FIELD_TYPES = Set.of("String", "boolean", "int", "long", "double");
    private static final Set<String> METADATA = Set.of("id", "clause");
    private static final Set<String> LITERAL_NAMES = Set.of("true", "false", "null");
    private static final Set<String> RELATIONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern METADATA_VALUE = Pattern.compile("\"[A-Za-z0-9 ._-]{1,64}\"");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern BINDING = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    /** Package roots of Java, its libraries and the service: a rules package never lives among them. */
    private static final Set<String> RESERVED_ROOTS = Set.of("java", "javax", "jdk", "sun", "com", "org", "io", "net", "jakarta");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\+u");
    private static final Pattern PARSER_POSITION = Pattern.compile("\\[ERR \\d+] Line (\\d+):(\\d+) ");

    /** Limits that keep compiling a candidate cheap, whatever it holds. */
    static final int MAX_FILE_CHARS = 512 * 1024;
    static final int MAX_RULES = 2_000;
    static final int MAX_PATTERNS_PER_RULE = 12;
    static final int MAX_NESTING = 32;

    /** Where a reason or obligation code is first used. */
    public record CodeUse(String file, int line) {
    }

    /** What checking a folder's rule files found: the refusals, and the codes the rules use. */
    public record Report(List<RuleFileError> errors, SortedMap<String, CodeUse> codes) {
        public boolean passes() {
            return errors.isEmpty();
        }
    }

    private RuleLanguageProfile() {
    }

    /** Checks every {@code .drl} file of {@code drl} (relative path to text). */
    public static Report check(Map<String, String> drl) {
        List<RuleFileError> errors = new ArrayList<>();
        SortedMap<String, CodeUse> codes = new TreeMap<>();
        int rules = 0;
        for (Map.Entry<String, String> file : new TreeMap<>(drl).entrySet()) {
            FileCheck check = new FileCheck(file.getKey(), file.getValue());
            check.run();
            errors.addAll(check.errors);
            check.codes.forEach(codes::putIfAbsent);
            rules += check.rules;
        }
        if (rules > MAX_RULES) {
            errors.add(new RuleFileError("", 0, "the folder holds " + rules + " rules; a rules version holds at most " + MAX_RULES));
        }
        return new Report(List.copyOf(errors), codes);
    }

    /** The checks of one file. */
    private static final class FileCheck {

        private final String file;
        private final String text;
        private final List<RuleFileError> errors = new ArrayList<>();
        private final Map<String, CodeUse> codes = new LinkedHashMap<>();
        /** Simple name to class, for the imported fact classes and enums. */
        private final Map<String, Class<?>> imported = new HashMap<>();
        /** Declared type name to its fields (name to type). */
        private final Map<String, Map<String, String>> declared = new HashMap<>();
        private int rules;

        FileCheck(String file, String text) {
            this.file = file;
            this.text = text;
        }

        void run() {
            if (text.length() > MAX_FILE_CHARS) {
                refuse(0, 0, "the file has " + text.length() + " characters; a rule file holds at most " + MAX_FILE_CHARS
                        + ": split it into several files");
                return;
            }
            Matcher escape = UNICODE_ESCAPE.matcher(text);
            if (escape.find()) {
                int[] at = position(escape.start());
                refuse(at[0], at[1], "unicode escapes (\\u followed by a code) are not allowed anywhere in a rule file, "
                        + "comments included: write the character itself");
                return;
            }
            DrlParser parser = new DrlParser();
            PackageDescr pkg;
            try {
                pkg = parser.parse(false, text);
            } catch (StackOverflowError e) {
                refuse(0, 0, "the file nests too deeply to be read: flatten its conditions or split the rule");
                return;
            } catch (DroolsParserException | RuntimeException e) {
                refuse(0, 0, "the file cannot be read as DRL; check that every rule has 'rule \"name\"', 'when', 'then' and 'end'");
                return;
            }
            if (parser.hasErrors()) {
                for (DroolsError error : parser.getErrors()) {
                    parseError(error);
                }
                return;
            }
            if (pkg == null) {
                refuse(0, 0, "the file cannot be read as DRL; check that every rule has 'rule \"name\"', 'when', 'then' and 'end'");
                return;
            }
            checkPackage(pkg);
            for (TypeDeclarationDescr type : pkg.getTypeDeclarations()) {
                checkDeclaration(type);
            }
            for (RuleDescr rule : pkg.getRules()) {
                rules++;
                checkRule(rule);
            }
        }

        private void parseError(DroolsError error) {
            int line = 0;
            int column = 0;
            String message = error.getMessage() == null ? "syntax error" : error.getMessage();
            if (error instanceof ParserError parserError) {
                line = parserError.getRow();
                column = parserError.getCol();
            }
            Matcher position = PARSER_POSITION.matcher(message);
            if (position.find()) {
                line = Integer.parseInt(position.group(1));
                column = Integer.parseInt(position.group(2)) + 1;
                message = message.substring(position.end());
            }
            message = message.replaceAll("\\[ERR \\d+]\\s*", "").trim();
            refuse(line, column, "syntax error: " + ErrorMessages.clean(message));
        }

        // ------------------------------------------------------------ package, imports, declarations

        private void checkPackage(PackageDescr pkg) {
            if (pkg.getName() == null || pkg.getName().isBlank()) {
                refuse(1, 1, "the file has no package: start it with 'package " + expectedPackage() + ";'");
            } else if (!PACKAGE.matcher(pkg.getName()).matches() || RESERVED_ROOTS.contains(pkg.getName().split("\\.")[0])) {
                refuse(lineOf("package"), 1, "'" + pkg.getName() + "' is not a rules package: name it after the folder, e.g. 'package "
                        + expectedPackage() + ";'");
            }
            if (pkg.getUnit() != null) {
                refuse(lineOf("unit"), 1, "rule units are not part of the rule language: leave out 'unit'");
            }
            for (AttributeDescr attribute : pkg.getAttributes()) {
                refuse(attribute.getLine(), attribute.getColumn(), "package attributes ('" + attribute.getName()
                        + "') are not part of the rule language: remove it");
            }
            pkg.getFunctions().forEach(f -> refuse(f.getLine(), f.getColumn(), "functions are not part of the rule language: "
                    + "a rule derives a fact instead of calling code (declare a type and insert it)"));
            pkg.getGlobals().forEach(g -> refuse(g.getLine(), g.getColumn(), "globals are not part of the rule language: "
                    + "rules see only the facts of the decision"));
            pkg.getFunctionImports().forEach(f -> refuse(f.getLine(), f.getColumn(), "'import function' is not part of the rule "
                    + "language: import fact classes and policy enums only"));
            pkg.getAccumulateImports().forEach(f -> refuse(f.getLine(), f.getColumn(), "'import accumulate' is not part of the "
                    + "rule language: accumulate is not allowed"));
            pkg.getEntryPointDeclarations().forEach(e -> refuse(e.getLine(), e.getColumn(), "entry points are not part of the "
                    + "rule language"));
            pkg.getWindowDeclarations().forEach(w -> refuse(w.getLine(), w.getColumn(), "windows are not part of the rule language"));
            pkg.getEnumDeclarations().forEach(e -> refuse(e.getLine(), e.getColumn(), "'declare enum' is not part of the rule "
                    + "language: use the policy enums (Action, Cloud, LinkStatus, Program, RelationshipState, Side)"));
            for (ImportDescr importDescr : pkg.getImports()) {
                checkImport(importDescr);
            }
        }

        private String expectedPackage() {
            int slash = file.lastIndexOf('/');
            return slash < 0 ? "relationships.area" : file.substring(0, slash).replace('/', '.');
        }

        private void checkImport(ImportDescr importDescr) {
            String target = importDescr.getTarget() == null ? "" : importDescr.getTarget().trim();
            int line = importDescr.getLine() > 0 ? importDescr.getLine() : lineOf("import " + target);
            String simple = target.substring(target.lastIndexOf('.') + 1);
            Class<?> fact = FACTS.get(simple);
            Class<?> enumClass = ENUMS.get(simple);
            if (target.equals(Denial.class.getPackageName() + ".*")) {
                imported.putAll(FACTS);
            } else if (target.equals(Program.class.getPackageName() + ".*")) {
                imported.putAll(ENUMS);
            } else if (fact != null && fact.getName().equals(target)) {
                imported.put(simple, fact);
            } else if (enumClass != null && enumClass.getName().equals(target)) {
                imported.put(simple, enumClass);
            } else {
                refuse(line, Math.max(importDescr.getColumn(), 1), "'import " + target + "' is outside the fact model: import "
                        + "only fact classes (" + Denial.class.getPackageName() + ".Partner, ...) and policy enums ("
                        + Program.class.getPackageName() + ".Program, ...), or the whole of either package with '.*'");
            }
        }

        private void checkDeclaration(TypeDeclarationDescr type) {
            int line = type.getLine() > 0 ? type.getLine() : lineOf("declare " + type.getTypeName());
            String name = type.getTypeName();
            if (name == null || !IDENTIFIER.matcher(name).matches() || !Character.isUpperCase(name.charAt(0))) {
                refuse(line, 1, "'" + name + "' is not a type name: use a capitalised name such as TransactingSeatFree");
                return;
            }
            if (FACTS.containsKey(name) || ENUMS.containsKey(name) || declared.containsKey(name)) {
                refuse(line, 1, "the type " + name + " is already defined: choose another name");
                return;
            }
            if (!type.getSuperTypes().isEmpty() && type.getSuperTypes().stream().anyMatch(t -> !"Object".equals(t.getName()))
                    || type.isTrait()) {
                refuse(line, 1, "a declared type cannot extend another type: list its fields instead");
            }
            for (AnnotationDescr annotation : type.getAnnotations()) {
                refuse(annotation.getLine() > 0 ? annotation.getLine() : line, 1, "annotations on declared types ('@"
                        + annotation.getName() + "') are not part of the rule language: remove it");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (TypeFieldDescr field : type.getFields().values()) {
                int fieldLine = field.getLine() > 0 ? field.getLine() : lineOf(field.getFieldName() + " :");
                String fieldType = field.getPattern() == null ? null : field.getPattern().getObjectType();
                if (!IDENTIFIER.matcher(field.getFieldName()).matches()) {
                    refuse(fieldLine, 1, "'" + field.getFieldName() + "' is not a field name");
                }
                if (fieldType == null || !(FIELD_TYPES.contains(fieldType) || imported.containsKey(fieldType)
                        && ENUMS.containsKey(fieldType))) {
                    refuse(fieldLine, 1, "field " + field.getFieldName() + " of " + name + " has type " + fieldType
                            + ": a declared field is String, boolean, int, long, double or an imported policy enum");
                }
                if (field.getInitExpr() != null && !field.getInitExpr().isBlank()) {
                    refuse(fieldLine, 1, "field " + field.getFieldName() + " of " + name + " has an initial value: "
                            + "initial values are not part of the rule language; the rule that inserts the fact gives every field");
                }
                if (!field.getAnnotations().isEmpty()) {
                    refuse(fieldLine, 1, "annotations on fields are not part of the rule language: remove them");
                }
                fields.put(field.getFieldName(), fieldType);
            }
            declared.put(name, fields);
        }

        // ------------------------------------------------------------ rules

        private void checkRule(RuleDescr rule) {
            int line = rule.getLine() > 0 ? rule.getLine() : lineOf("rule \"" + rule.getName() + "\"");
            String kind = rule.isQuery() ? "query" : "rule";
            if (rule.isQuery()) {
                refuse(line, 1, "queries are not part of the rule language: rules only insert outcome facts");
                return;
            }
            if (rule.getName() == null || rule.getName().isBlank() || rule.getName().length() > 300
                    || rule.getName().chars().anyMatch(c -> c == '\\' || c == '"' || c < 32)) {
                refuse(line, 1, "a rule name is a sentence of at most 300 characters, without quotes or backslashes");
            }
            if (rule.hasParent()) {
                refuse(line, 1, "'extends' is not part of the rule language: repeat the conditions the rule needs");
            }
            if (rule.getUnit() != null) {
                refuse(line, 1, "rule units are not part of the rule language");
            }
            for (AttributeDescr attribute : rule.getAttributes().values()) {
                refuse(attribute.getLine() > 0 ? attribute.getLine() : line, Math.max(attribute.getColumn(), 1),
                        "the attribute '" + attribute.getName() + "' is not part of the rule language: a " + kind
                                + " takes only @id(\"...\") and @clause(\"...\"), and its answer must not depend on firing order");
            }
            for (AnnotationDescr annotation : rule.getAnnotations()) {
                checkMetadata(annotation, line);
            }
            if (!rule.getNamedConsequences().isEmpty()) {
                refuse(line, 1, "named consequences ('then[name]', 'do[name]') are not part of the rule language");
            }
            Map<String, String> bindings = new HashMap<>();
            int[] patterns = {0};
            if (rule.getLhs() != null) {
                for (BaseDescr element : rule.getLhs().getDescrs()) {
                    checkCondition(element, bindings, patterns);
                }
            }
            if (patterns[0] > MAX_PATTERNS_PER_RULE) {
                refuse(line, 1, "the rule has " + patterns[0] + " patterns; a rule holds at most " + MAX_PATTERNS_PER_RULE
                        + ": derive a fact in one rule and join it in another");
            }
            Object consequence = rule.getConsequence();
            String body = consequence == null ? "" : consequence.toString();
            checkConsequence(body, consequenceStart(rule, line, body), bindings);
        }

        private void checkMetadata(AnnotationDescr annotation, int ruleLine) {
            int line = annotation.getLine() > 0 ? annotation.getLine() : lineOf("@" + annotation.getName());
            if (!METADATA.contains(annotation.getName())) {
                refuse(line, Math.max(annotation.getColumn(), 1), "'@" + annotation.getName() + "' is not part of the rule "
                        + "language: a rule takes only @id(\"...\") and @clause(\"...\")");
                return;
            }
            Object value = annotation.getValue();
            if (!(value instanceof String s) || !METADATA_VALUE.matcher(s.trim()).matches()) {
                refuse(line, Math.max(annotation.getColumn(), 1), "@" + annotation.getName() + " takes one quoted value made of "
                        + "letters, digits, spaces, '.', '_' and '-', e.g. @" + annotation.getName()
                        + ("id".equals(annotation.getName()) ? "(\"ACC-015\")" : "(\"C8\")"));
            }
        }

        private void checkCondition(BaseDescr element, Map<String, String> bindings, int[] patterns) {
            int line = element.getLine();
            int column = Math.max(element.getColumn(), 1);
            if (element instanceof PatternDescr pattern) {
                patterns[0]++;
                checkPattern(pattern, bindings);
            } else if (element instanceof NotDescr || element instanceof ExistsDescr || element instanceof AndDescr
                    || element instanceof OrDescr) {
                // not, exists, and, or group patterns; a binding made inside 'not' or 'exists' stays there
                Map<String, String> scope = element instanceof NotDescr || element instanceof ExistsDescr
                        ? new HashMap<>(bindings) : bindings;
                for (BaseDescr inner : ((org.drools.drl.ast.descr.ConditionalElementDescr) element).getDescrs()) {
                    checkCondition(inner, scope, patterns);
                }
            } else {
                refuse(line, column, "'" + construct(element) + "' is not part of the rule language: conditions are patterns "
                        + "over facts, combined with not, exists, and, or");
            }
        }

        private static String construct(BaseDescr element) {
            String name = element.getClass().getSimpleName().replace("Descr", "").toLowerCase();
            return switch (name) {
                case "eval" -> "eval";
                case "forall" -> "forall";
                case "accumulate" -> "accumulate";
                case "collect" -> "collect";
                case "from" -> "from";
                case "conditionalbranch" -> "if ... do/break";
                case "namedconsequence" -> "do[...]";
                default -> name;
            };
        }

        private void checkPattern(PatternDescr pattern, Map<String, String> bindings) {
            int line = pattern.getLine() > 0 ? pattern.getLine() : lineOf(pattern.getObjectType());
            int column = Math.max(pattern.getColumn(), 1);
            String type = pattern.getObjectType();
            if (pattern.getSource() != null) {
                String source = construct(pattern.getSource());
                refuse(line, column, "'" + (source.equals("frompattern") || source.isEmpty() ? "from" : source) + "' is not part of "
                        + "the rule language: patterns match the facts of the decision directly (no from, accumulate, collect, "
                        + "entry-point or window)");
                return;
            }
            if (pattern.isQuery()) {
                refuse(line, column, "calling a query is not part of the rule language");
                return;
            }
            if (!pattern.getBehaviors().isEmpty() || !pattern.getAnnotations().isEmpty()) {
                refuse(line, column, "pattern annotations and windows are not part of the rule language: remove them");
            }
            Map<String, String> fields = fieldsOf(type);
            if (fields == null) {
                refuse(line, column, "'" + type + "' is not a fact type of this file: match an imported fact class ("
                        + String.join(", ", new java.util.TreeSet<>(FACTS.keySet())) + ") or a type declared here");
                return;
            }
            if (pattern.getIdentifier() != null) {
                if (!BINDING.matcher(pattern.getIdentifier()).matches()) {
                    refuse(line, column, "'" + pattern.getIdentifier() + "' is not a binding: bindings start with '$'");
                } else {
                    bindings.put(pattern.getIdentifier(), type);
                }
            }
            if (pattern.isUnification()) {
                refuse(line, column, "unification (':=') is not part of the rule language: bind with ':' and compare with ==");
            }
            if (!pattern.getPositionalConstraints().isEmpty()) {
                refuse(line, column, "positional constraints ('" + type + "(x; ...)') are not part of the rule language: "
                        + "name the field, e.g. " + type + "( field == x )");
            }
            for (BaseDescr constraint : pattern.getDescrs()) {
                if (!(constraint instanceof ExprConstraintDescr expr)) {
                    refuse(line, column, "this kind of constraint is not part of the rule language");
                    continue;
                }
                if (expr.getType() == ExprConstraintDescr.Type.POSITIONAL) {
                    continue;
                }
                int[] at = constraintStart(expr, line);
                new ConstraintCheck(this, type, fields, bindings, at[0], at[1], expr.getExpression()).run();
            }
        }

        /** The fields of a fact or declared type, by name; null when {@code type} is neither. */
        Map<String, String> fieldsOf(String type) {
            if (type == null) {
                return null;
            }
            Map<String, String> own = declared.get(type);
            if (own != null) {
                return own;
            }
            Class<?> fact = imported.get(type);
            if (fact == null || !fact.isRecord()) {
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (RecordComponent component : fact.getRecordComponents()) {
                fields.put(component.getName(), component.getType().getSimpleName());
            }
            return fields;
        }

        /** The constraint's first character in the file: the parser gives the line; the text locates the column. */
        private int[] constraintStart(ExprConstraintDescr expr, int patternLine) {
            if (expr.getStartCharacter() >= 0 && expr.getStartCharacter() < text.length()
                    && text.startsWith(expr.getExpression(), expr.getStartCharacter())) {
                return position(expr.getStartCharacter());
            }
            int from = offsetOfLine(expr.getLine() > 0 ? expr.getLine() : patternLine);
            int found = text.indexOf(expr.getExpression(), from);
            return found >= 0 ? position(found) : new int[] {expr.getLine() > 0 ? expr.getLine() : patternLine, 1};
        }

        /** Where the consequence text starts in the file: after the rule's {@code then}, where the parser's text is found. */
        private int[] consequenceStart(RuleDescr rule, int ruleLine, String body) {
            int from = offsetOfLine(ruleLine);
            Matcher then = Pattern.compile("(?m)\\bthen\\b").matcher(text);
            if (then.find(from)) {
                int found = body.isEmpty() ? -1 : text.indexOf(body, then.end());
                return position(found >= 0 ? found : then.end());
            }
            return new int[] {Math.max(rule.getConsequenceLine(), ruleLine), 1};
        }

        private void checkConsequence(String consequence, int[] start, Map<String, String> bindings) {
            List<Token> tokens;
            try {
                tokens = RuleTokens.of(consequence, start[0], start[1]);
            } catch (RuleTokens.Unreadable e) {
                refuse(e.line, e.column, "in the consequence: " + e.getMessage());
                return;
            }
            int i = 0;
            while (tokens.get(i).kind() != Kind.END) {
                i = insertStatement(tokens, i, bindings);
                if (i < 0) {
                    return;
                }
            }
        }

        /** Checks {@code insert(new T(args));} starting at token {@code i}; the index after it, or -1 after a refusal. */
        private int insertStatement(List<Token> tokens, int i, Map<String, String> bindings) {
            Token first = tokens.get(i);
            String shape = "a consequence is made only of statements 'insert(new T(...));', T an outcome (Denial, Permit, "
                    + "Obligation), an effect (GrantDelegatedAdmin, ClearDelegatedAdmin, RecordConsent, TerminateRelationship) "
                    + "or a type declared in this file, each argument a literal, null, an enum constant or a binding";
            if (!first.is("insert")) {
                refuse(first.line(), first.column(), "'" + first.text() + "' is not allowed here: " + shape);
                return -1;
            }
            if (!expect(tokens, i + 1, "(", shape) || !expect(tokens, i + 2, "new", shape)) {
                return -1;
            }
            Token type = tokens.get(i + 3);
            if (type.kind() != Kind.NAME || !(INSERTABLE.containsKey(type.text()) && imported.containsKey(type.text())
                    || declared.containsKey(type.text()))) {
                refuse(type.line(), type.column(), "'new " + type.text() + "' is not allowed: " + shape
                        + (INSERTABLE.containsKey(type.text()) ? " (import " + INSERTABLE.get(type.text()).getName() + ")" : ""));
                return -1;
            }
            if (!expect(tokens, i + 4, "(", shape)) {
                return -1;
            }
            int k = i + 5;
            List<Token> args = new ArrayList<>();
            if (!tokens.get(k).is(")")) {
                while (true) {
                    Token arg = tokens.get(k);
                    if (!argument(tokens, k, bindings)) {
                        refuse(arg.line(), arg.column(), "'" + arg.text() + "' is not allowed as an argument: " + shape);
                        return -1;
                    }
                    args.add(arg);
                    k += isEnumConstant(tokens, k) ? 3 : 1;
                    if (tokens.get(k).is(",")) {
                        k++;
                        continue;
                    }
                    break;
                }
            }
            if (!expect(tokens, k, ")", shape) || !expect(tokens, k + 1, ")", shape) || !expect(tokens, k + 2, ";", shape)) {
                return -1;
            }
            if (!arityExists(type.text(), args.size())) {
                refuse(type.line(), type.column(), type.text() + " takes " + arities(type.text()) + " argument(s), not " + args.size());
                return -1;
            }
            if (CODED.contains(type.text())) {
                Token code = args.isEmpty() ? type : args.get(0);
                String literal = code.kind() == Kind.STRING ? code.text().substring(1, code.text().length() - 1) : null;
                if (literal == null || !CODE.matcher(literal).matches()) {
                    refuse(code.line(), code.column(), "the first argument of " + type.text() + " is its code, written as a "
                            + "quoted literal of capital letters, digits and '_', e.g. \"NO_RELATIONSHIP\"");
                    return -1;
                }
                codes.putIfAbsent(literal, new CodeUse(file, code.line()));
            }
            return k + 3;
        }

        private boolean argument(List<Token> tokens, int k, Map<String, String> bindings) {
            Token t = tokens.get(k);
            return switch (t.kind()) {
                case STRING, NUMBER -> true;
                case NAME -> LITERAL_NAMES.contains(t.text()) || BINDING.matcher(t.text()).matches() && bindings.containsKey(t.text())
                        && !tokens.get(k + 1).is(".") && !tokens.get(k + 1).is("(") || isEnumConstant(tokens, k);
                default -> false;
            };
        }

        boolean isEnumConstant(List<Token> tokens, int k) {
            Token type = tokens.get(k);
            if (type.kind() != Kind.NAME || !tokens.get(k + 1).is(".") || tokens.get(k + 2).kind() != Kind.NAME
                    || tokens.get(k + 3).is("(") || tokens.get(k + 3).is(".")) {
                return false;
            }
            Class<?> enumClass = imported.get(type.text());
            if (enumClass == null || !enumClass.isEnum()) {
                return false;
            }
            String constant = tokens.get(k + 2).text();
            return Arrays.stream(enumClass.getEnumConstants()).anyMatch(c -> ((Enum<?>) c).name().equals(constant));
        }

        private boolean arityExists(String type, int count) {
            Map<String, String> fields = declared.get(type);
            if (fields != null) {
                return count == 0 || count == fields.size();
            }
            return Arrays.stream(INSERTABLE.get(type).getConstructors())
                    .filter(c -> Modifier.isPublic(c.getModifiers()))
                    .mapToInt(Constructor::getParameterCount).anyMatch(n -> n == count);
        }

        private String arities(String type) {
            Map<String, String> fields = declared.get(type);
            if (fields != null) {
                return String.valueOf(fields.size());
            }
            return Arrays.stream(INSERTABLE.get(type).getConstructors()).map(Constructor::getParameterCount).sorted().distinct()
                    .map(String::valueOf).collect(Collectors.joining(" or "));
        }

        private boolean expect(List<Token> tokens, int k, String symbol, String shape) {
            Token t = tokens.get(k);
            if (!t.is(symbol)) {
                // a missing symbol belongs where it should have been: just after the token before it
                Token before = k > 0 ? tokens.get(k - 1) : t;
                int line = t.kind() == Kind.END || t.line() != before.line() ? before.line() : t.line();
                int column = t.kind() == Kind.END || t.line() != before.line() ? before.column() + before.text().length() : t.column();
                refuse(line, column, (t.kind() == Kind.END ? "the consequence ends early" : "'" + t.text() + "' is not allowed here")
                        + ": '" + symbol + "' is missing. " + Character.toUpperCase(shape.charAt(0)) + shape.substring(1));
                return false;
            }
            return true;
        }

        // ------------------------------------------------------------ positions

        void refuse(int line, int column, String message) {
            errors.add(new RuleFileError(file, Math.max(line, 0), Math.max(column, 0), message));
        }

        /** 1-based line and column of a character offset. */
        int[] position(int offset) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new int[] {line, offset - lineStart + 1};
        }

        private int offsetOfLine(int line) {
            int offset = 0;
            for (int l = 1; l < line && offset >= 0; l++) {
                offset = text.indexOf('\n', offset) + 1;
                if (offset == 0) {
                    return text.length();
                }
            }
            return Math.max(offset, 0);
        }

        private int lineOf(String needle) {
            return needle == null ? 0 : ErrorLocator.lineOf(text, needle);
        }
    }

    /** The checks of one pattern constraint: a comparison grammar over fields, bindings and literals. */
    private static final class ConstraintCheck {

        private final FileCheck owner;
        private final String type;
        private final Map<String, String> fields;
        private final Map<String, String> bindings;
        private final int line;
        private final int column;
        private final String expression;
        private List<Token> tokens;
        private int at;
        private int depth;
        private boolean failed;

        ConstraintCheck(FileCheck owner, String type, Map<String, String> fields, Map<String, String> bindings, int line, int column,
                        String expression) {
            this.owner = owner;
            this.type = type;
            this.fields = fields;
            this.bindings = bindings;
            this.line = line;
            this.column = column;
            this.expression = expression;
        }

        void run() {
            try {
                tokens = RuleTokens.of(expression, line, column);
            } catch (RuleTokens.Unreadable e) {
                owner.refuse(e.line, e.column, e.getMessage());
                return;
            }
            // '$x : field' binds a field of the fact
            if (tokens.size() == 4 && tokens.get(0).kind() == Kind.NAME && tokens.get(1).is(":")) {
                Token binding = tokens.get(0);
                Token field = tokens.get(2);
                if (!BINDING.matcher(binding.text()).matches()) {
                    owner.refuse(binding.line(), binding.column(), "'" + binding.text() + "' is not a binding: bindings start with '$'");
                } else if (field.kind() != Kind.NAME || !fields.containsKey(field.text())) {
                    owner.refuse(field.line(), field.column(), "'" + field.text() + "' is not a field of " + type + ": "
                            + String.join(", ", fields.keySet()));
                } else {
                    bindings.put(binding.text(), fields.get(field.text()));
                }
                return;
            }
            at = 0;
            disjunction();
            if (!failed && tokens.get(at).kind() != Kind.END) {
                fail(tokens.get(at), "'" + tokens.get(at).text() + "' is not allowed here");
            }
        }

        private void disjunction() {
            conjunction();
            while (!failed && tokens.get(at).is("||")) {
                at++;
                conjunction();
            }
        }

        private void conjunction() {
            unary();
            while (!failed && tokens.get(at).is("&&")) {
                at++;
                unary();
            }
        }

        private void unary() {
            Token t = tokens.get(at);
            if (++depth > MAX_NESTING) {
                fail(t, "the constraint nests deeper than " + MAX_NESTING + " levels: split it over several patterns or rules");
                return;
            }
            try {
                unaryAtDepth(t);
            } finally {
                depth--;
            }
        }

        private void unaryAtDepth(Token t) {
            if (t.is("!")) {
                at++;
                unary();
            } else if (t.is("(")) {
                at++;
                disjunction();
                if (!failed) {
                    if (!tokens.get(at).is(")")) {
                        fail(tokens.get(at), "a ')' is missing");
                    } else {
                        at++;
                    }
                }
            } else {
                operand();
                if (!failed && tokens.get(at).kind() == Kind.SYMBOL && RELATIONS.contains(tokens.get(at).text())) {
                    at++;
                    operand();
                } else if (!failed && (tokens.get(at).is("in") || tokens.get(at).is("not") && tokens.get(at + 1).is("in"))) {
                    at += tokens.get(at).is("not") ? 2 : 1;
                    valueList();
                } else if (!failed && tokens.get(at).kind() == Kind.NAME) {
                    fail(tokens.get(at), "the operator '" + tokens.get(at).text() + "' is not part of the rule language: compare "
                            + "with == != < <= > >=");
                }
            }
        }

        /** {@code ( value, value, ... )} after {@code in} or {@code not in}: literals, enum constants and bindings. */
        private void valueList() {
            if (!tokens.get(at).is("(")) {
                fail(tokens.get(at), "'in' takes a list in parentheses, e.g. action in ( Action.BILLING, Action.ADD_SEATS )");
                return;
            }
            at++;
            while (!failed) {
                Token t = tokens.get(at);
                boolean field = t.kind() == Kind.NAME && fields.containsKey(t.text()) && !tokens.get(at + 1).is(".");
                if (field) {
                    fail(t, "a list after 'in' holds values (literals, enum constants, bindings), not fields");
                    return;
                }
                operand();
                if (failed) {
                    return;
                }
                if (tokens.get(at).is(",")) {
                    at++;
                } else if (tokens.get(at).is(")")) {
                    at++;
                    return;
                } else {
                    fail(tokens.get(at), "'" + tokens.get(at).text() + "' is not allowed here: separate the values with ',' and "
                            + "close the list with ')'");
                }
            }
        }

        private void operand() {
            Token t = tokens.get(at);
            switch (t.kind()) {
                case STRING, NUMBER -> at++;
                case NAME -> {
                    Token next = tokens.get(at + 1);
                    if (next.is("(")) {
                        fail(t, "calling '" + t.text() + "(...)' is not part of the rule language: constraints read fields, "
                                + "they do not call methods");
                    } else if (LITERAL_NAMES.contains(t.text())) {
                        at++;
                    } else if (t.text().equals("new")) {
                        fail(t, "'new' is not allowed in a condition");
                    } else if (owner.isEnumConstant(tokens, at)) {
                        at += 3;
                    } else if (next.is(".")) {
                        fail(t, "'" + t.text() + "." + tokens.get(at + 2).text() + "' is not a field of " + type
                                + " nor a constant of an imported policy enum: nested fields, static members and qualified "
                                + "names are not part of the rule language");
                    } else if (t.text().startsWith("$")) {
                        if (!bindings.containsKey(t.text())) {
                            fail(t, "the binding " + t.text() + " is not bound by an earlier pattern");
                        } else {
                            at++;
                        }
                    } else if (fields.containsKey(t.text())) {
                        at++;
                    } else {
                        fail(t, "'" + t.text() + "' is not a field of " + type + " (its fields: " + String.join(", ", fields.keySet())
                                + ")");
                    }
                }
                case END -> fail(t, "the constraint ends early: compare a field with a value, e.g. " + firstField() + " == $x");
                default -> fail(t, "'" + t.text() + "' is not allowed here: compare a field with a value");
            }
        }

        private String firstField() {
            return fields.isEmpty() ? "field" : fields.keySet().iterator().next();
        }

        private void fail(Token t, String message) {
            if (!failed) {
                failed = true;
                owner.refuse(t.line(), t.column(), message);
            }
        }
    }

    private static Map<String, Class<?>> classes(Class<?>... classes) {
        Map<String, Class<?>> map = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            map.put(c.getSimpleName(), c);
        }
        return Map.copyOf(map);
    }

    private static Map<String, Class<?>> merged(Map<String, Class<?>> a, Map<String, Class<?>> b) {
        Map<String, Class<?>> map = new HashMap<>(a);
        map.putAll(b);
        return Map.copyOf(map);
    }
}
