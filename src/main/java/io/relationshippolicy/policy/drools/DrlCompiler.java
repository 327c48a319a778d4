package io.relationshippolicy.policy.drools;

import io.relationshippolicy.policy.CompilationResult;
import io.relationshippolicy.policy.ErrorMessages;
import io.relationshippolicy.policy.EvaluationBudget;
import io.relationshippolicy.policy.PolicyCompiler;
import io.relationshippolicy.policy.RuleFileError;
import io.relationshippolicy.policy.RuleMessages;
import io.relationshippolicy.policy.RuleRef;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.model.KieModuleModel;
import org.drools.compiler.compiler.io.memory.MemoryFileSystem;
import org.drools.compiler.kie.builder.impl.InternalKieModuleProvider;
import org.drools.compiler.kie.builder.impl.KieBuilderImpl;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Properties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a set of DRL files with Drools' executable model. The input is the folder's content as
 * relative path to text; the version is a content hash of exactly that input, so the same files always
 * give the same version whatever machine compiles them.
 */
public final class DrlCompiler implements PolicyCompiler {

    /** The most a rules folder may weigh, all files together: compiling stays cheap whatever a candidate holds. */
    static final int MAX_FOLDER_CHARS = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DrlCompiler.class);
    /** Adding a kjar to Drools' repository and taking it out again happen together, one load at a time. */
    private static final Object LOADING = new Object();

    private final EvaluationBudget budget;
    private final CompiledRulesCache cache;

    public DrlCompiler() {
        this(EvaluationBudget.DEFAULT);
    }

    /** {@code budget}: what each evaluation of a version compiled here may spend. */
    public DrlCompiler(EvaluationBudget budget) {
        this(budget, null);
    }

    /**
     * As {@link #DrlCompiler(EvaluationBudget)}, keeping what it compiles in {@code cache} (null: none) and
     * loading a version found there instead of compiling it. The text passes every check either way.
     */
    public DrlCompiler(EvaluationBudget budget, CompiledRulesCache cache) {
        this.budget = budget;
        this.cache = cache;
    }

    public Optional<CompiledRulesCache> cache() {
        return Optional.ofNullable(cache);
    }


    private static final Pattern RULE_NAME = Pattern.compile("^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);

    @Override
    public CompilationResult compile(Map<String, String> files) {
        SortedMap<String, String> drl = new TreeMap<>();
        files.forEach((path, text) -> {
            if (path.endsWith(".drl")) {
                drl.put(normalize(path), text);
            }
        });
        String version = version(files);
        if (drl.isEmpty()) {
            return new CompilationResult(null, List.of(new RuleFileError("", 0, "no .drl file found: a rules folder needs at least one rule file")));
        }
        long size = files.values().stream().mapToLong(String::length).sum();
        if (size > MAX_FOLDER_CHARS) {
            return new CompilationResult(null, List.of(new RuleFileError("", 0, "the rules folder holds " + size
                    + " characters; a rules version holds at most " + MAX_FOLDER_CHARS)));
        }
        long started = System.nanoTime();
        // Nothing is compiled into runnable code, nor loaded from the cache, before every rule file keeps to the
        // rule language profile.
        RuleLanguageProfile.Report profile = RuleLanguageProfile.check(drl);
        if (!profile.passes()) {
            return new CompilationResult(null, profile.errors());
        }
        RuleMessages messages = RuleMessages.of(files);
        List<RuleFileError> missing = new ArrayList<>();
        for (RuleMessages.Missing m : messages.missing(profile.codes().keySet())) {
            RuleLanguageProfile.CodeUse use = profile.codes().get(m.code());
            missing.add(new RuleFileError(m.file(), 0, "the code " + m.code() + (use == null ? " (given by the service itself)"
                    : " (used in " + use.file() + " line " + use.line() + ")") + " has no message in " + m.file()
                    + ": add a line '" + m.code() + "=...' so that nobody is ever shown the bare code"));
        }
        if (!missing.isEmpty()) {
            return new CompilationResult(null, missing);
        }
        long checked = System.nanoTime();

        if (cache != null) {
            Optional<byte[]> kjar = cache.load(version);
            if (kjar.isPresent()) {
                CompilationResult loaded = load(kjar.get(), version, drl, messages);
                if (loaded != null) {
                    LOG.info("Rules {}: profile and messages checked in {} ms; loaded from the compiled-rules cache in {} ms ({} rules)",
                            version, millis(started, checked), millis(checked, System.nanoTime()), loaded.engine().rules().size());
                    return loaded;
                }
            }
        }

        KieServices ks = KieServices.get();
        ReleaseId releaseId = ks.newReleaseId("io.relationshippolicy.rules", "rules-" + UUID.randomUUID(), "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        drl.forEach((path, text) -> kfs.write("src/main/resources/" + path, text));

        KieBuilder builder = ks.newKieBuilder(kfs);
        try {
            builder.buildAll(ExecutableModelProject.class);
        } catch (RuntimeException e) {
            ks.getRepository().removeKieModule(releaseId);
            return new CompilationResult(null, List.of(new RuleFileError("", 0, "the rules could not be compiled: "
                    + ErrorMessages.clean(e.getMessage()))));
        }
        List<RuleFileError> errors = new ArrayList<>();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            errors.add(new RuleFileError(stripPrefix(message.getPath()), Math.max(message.getLine(), 0),
                    Math.max(message.getColumn(), 0), message.getText()));
        }
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            return new CompilationResult(null, ErrorLocator.locate(errors, drl));
        }

        KieContainer container = ks.newKieContainer(releaseId);
        KieBase kieBase = container.getKieBase();
        List<RuleFileError> metadataErrors = new ArrayList<>();
        Map<String, RuleRef> rules = catalogue(kieBase, drl, metadataErrors);
        if (!metadataErrors.isEmpty()) {
            container.dispose();
            ks.getRepository().removeKieModule(releaseId);
            return new CompilationResult(null, metadataErrors);
        }
        if (cache != null) {
            cache.store(version, ((InternalKieModule) builder.getKieModule()).getBytes());
        }
        LOG.info("Rules {}: profile and messages checked in {} ms; compiled in {} ms{} ({} rules)", version, millis(started, checked),
                millis(checked, System.nanoTime()), cache == null ? "" : " and stored in the compiled-rules cache", rules.size());
        return new CompilationResult(new DroolsPolicyEngine(kieBase, container, releaseId, version, rules, messages, budget), List.of());
    }

    /**
     * A version from the cache: the authenticated kjar of exactly these files, which passed the profile just now.
     * The module leaves Drools' repository as soon as its container holds it, so two loads of one kjar never
     * meet there. Null when Drools cannot use the bytes (then the entry is dropped and the files compile).
     */
    private CompilationResult load(byte[] kjar, String version, Map<String, String> drl, RuleMessages messages) {
        KieServices ks = KieServices.get();
        KieContainer container;
        try {
            synchronized (LOADING) {
                // the kjar has no kmodule.xml (the compile wrote none): the default module model, as at build time
                MemoryFileSystem jar = MemoryFileSystem.readFromJar(kjar);
                ReleaseId releaseId = releaseIdOf(ks, jar.findPomProperties());
                KieModuleModel model = ks.newKieModuleModel();
                KieBuilderImpl.setDefaultsforEmptyKieModule(model);
                InternalKieModule module = InternalKieModuleProvider.get(releaseId, model, jar);
                ks.getRepository().addKieModule(module);
                try {
                    container = ks.newKieContainer(releaseId);
                } finally {
                    ks.getRepository().removeKieModule(releaseId);
                }
            }
            KieBase kieBase = container.getKieBase();
            List<RuleFileError> metadataErrors = new ArrayList<>();
            Map<String, RuleRef> rules = catalogue(kieBase, drl, metadataErrors);
            if (!metadataErrors.isEmpty() || rules.isEmpty()) {
                container.dispose();
                cache.unusable(version, "its rules do not match the files");
                return null;
            }
            return new CompilationResult(new DroolsPolicyEngine(kieBase, container, null, version, rules, messages, budget), List.of());
        } catch (RuntimeException e) {
            cache.unusable(version, "Drools could not load it: " + ErrorMessages.clean(e.getMessage()));
            return null;
        }
    }

    private static ReleaseId releaseIdOf(KieServices ks, String pomProperties) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(pomProperties == null ? "" : pomProperties));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable pom.properties", e);
        }
        String group = properties.getProperty("groupId");
        String artifact = properties.getProperty("artifactId");
        String version = properties.getProperty("version");
        if (group == null || artifact == null || version == null) {
            throw new IllegalStateException("the kjar names no release");
        }
        return ks.newReleaseId(group, artifact, version);
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** {@code sha256:} over every file of the folder, in path order: {@link PolicyCompiler#version}. */
    public static String version(Map<String, String> files) {
        return PolicyCompiler.version(files);
    }

    private static Map<String, RuleRef> catalogue(KieBase kieBase, Map<String, String> drl, List<RuleFileError> errors) {
        Map<String, String> fileByRule = new HashMap<>();
        Map<String, Integer> lineByRule = new HashMap<>();
        drl.forEach((path, text) -> {
            Matcher pkg = PACKAGE.matcher(text);
            String packageName = pkg.find() ? pkg.group(1) : "defaultpkg";
            Matcher m = RULE_NAME.matcher(text);
            while (m.find()) {
                String key = packageName + "/" + m.group(1);
                fileByRule.put(key, path);
                lineByRule.put(key, 1 + (int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count());
            }
        });
        Map<String, RuleRef> byName = new TreeMap<>();
        Map<String, String> seenIds = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                String key = kiePackage.getName() + "/" + rule.getName();
                String file = fileByRule.getOrDefault(key, "");
                int line = lineByRule.getOrDefault(key, 0);
                String id = metadata(rule, "id");
                String clause = metadata(rule, "clause");
                if (id == null) {
                    errors.add(new RuleFileError(file, line, "rule \"" + rule.getName() + "\" has no @id(\"...\"): every rule needs a stable id"));
                    continue;
                }
                if (clause == null) {
                    errors.add(new RuleFileError(file, line, "rule \"" + rule.getName() + "\" has no @clause(\"...\"): every rule cites the clause it implements"));
                    continue;
                }
                String previous = seenIds.put(id, key);
                if (previous != null) {
                    errors.add(new RuleFileError(file, line, "rule id " + id + " is used twice (also by \"" + previous + "\"): ids must be unique"));
                    continue;
                }
                byName.put(key, new RuleRef(id, rule.getName(), clause, file));
            }
        }
        return byName;
    }

    /** The executable model keeps a metadata literal with its quotes; the catalogue wants the bare value. */
    private static String metadata(Rule rule, String key) {
        Object value = rule.getMetaData().get(key);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        return text.isBlank() ? null : text;
    }

    private static String normalize(String path) {
        return PolicyCompiler.normalize(path);
    }

    private static String stripPrefix(String path) {
        if (path == null) {
            return "";
        }
        return path.startsWith("src/main/resources/") ? path.substring("src/main/resources/".length()) : path;
    }
}
