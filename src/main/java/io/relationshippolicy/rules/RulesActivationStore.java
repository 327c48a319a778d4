package io.relationshippolicy.rules;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.relationshippolicy.decisionlog.CanonicalJson;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The history of activated rules versions (table rules_activation) and the files of each version. */
@Singleton
public class RulesActivationStore {

    /** One activation: which version, by whom, when, and which files it changed against the version before. */
    public record Activation(long id, String version, Instant activatedAt, String activatedBy, FilesChanged filesChanged) {
    }

    /** One validation or reload of a candidate: who, when, which content, and what came of it and why. */
    public record Attempt(long id, Instant attemptedAt, String attemptedBy, String action, String candidateVersion, String result,
                          String reason) {
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final int MAX_REASON = 2000;

    /**
     * Takes the cluster-wide activation lock for the rest of the transaction: activations, on this instance or
     * another, happen one after the other.
     */
    public void lock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rules_activation_lock WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("rules activation lock row missing: the schema was not migrated");
            }
        }
    }

    /** Records an activation and keeps the version's files; call under {@link #lock}. */
    public Activation record(Connection c, String version, Map<String, String> files, Instant at, String by,
                             FilesChanged changed) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM rules_activation");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rules_activation (id, version, activated_at, activated_by, files_changed) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, version);
            ps.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(4, by);
            ps.setString(5, CanonicalJson.write(changed.asMap()));
            ps.executeUpdate();
        }
        if (files(c, version).isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rules_version_file (version, path, content) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                    ps.setString(1, version);
                    ps.setString(2, file.getKey());
                    ps.setString(3, file.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return new Activation(id, version, at, by, changed);
    }

    public Optional<Activation> latest(Connection c) throws SQLException {
        List<Activation> rows = query(c, "SELECT id, version, activated_at, activated_by, files_changed FROM rules_activation ORDER BY id DESC LIMIT 1");
        return rows.stream().findFirst();
    }

    /** Every activation, newest first. */
    public List<Activation> history(Connection c) throws SQLException {
        return query(c, "SELECT id, version, activated_at, activated_by, files_changed FROM rules_activation ORDER BY id DESC");
    }

    public void recordAttempt(Connection c, Instant at, String by, String action, String candidateVersion, String result,
                              String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rules_attempt (attempted_at, attempted_by, action, "
                + "candidate_version, result, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(2, by.length() > 200 ? by.substring(0, 200) : by);
            ps.setString(3, action);
            ps.setString(4, candidateVersion);
            ps.setString(5, result);
            ps.setString(6, reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason);
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} attempts, newest first. */
    public List<Attempt> attempts(Connection c, int limit) throws SQLException {
        List<Attempt> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, attempted_at, attempted_by, action, candidate_version, result, reason "
                + "FROM rules_attempt ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Attempt(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return rows;
    }

    public boolean wasActivated(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rules_activation WHERE version = ? LIMIT 1")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The files of a version that was activated once; empty when none are stored. */
    public SortedMap<String, String> files(Connection c, String version) throws SQLException {
        SortedMap<String, String> files = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT path, content FROM rules_version_file WHERE version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return files;
    }

    private static List<Activation> query(Connection c, String sql) throws SQLException {
        List<Activation> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Activation(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getString(4), FilesChanged.parse(rs.getString(5))));
            }
        }
        return rows;
    }

    /** The files a version added, changed and removed against the version it replaced. */
    public record FilesChanged(List<String> added, List<String> changed, List<String> removed) {

        public static FilesChanged between(Map<String, String> before, Map<String, String> after) {
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            new TreeMap<>(after).forEach((path, text) -> {
                if (!before.containsKey(path)) {
                    added.add(path);
                } else if (!before.get(path).equals(text)) {
                    changed.add(path);
                }
            });
            new TreeMap<>(before).keySet().stream().filter(p -> !after.containsKey(p)).forEach(removed::add);
            return new FilesChanged(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
        }

        public boolean none() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }

        Map<String, Object> asMap() {
            return Map.of("added", added, "changed", changed, "removed", removed);
        }

        static FilesChanged parse(String json) {
            try {
                Map<String, List<String>> m = JSON.readValue(json, Argument.mapOf(Argument.STRING, Argument.listOf(String.class)));
                return new FilesChanged(m.getOrDefault("added", List.of()), m.getOrDefault("changed", List.of()),
                        m.getOrDefault("removed", List.of()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
