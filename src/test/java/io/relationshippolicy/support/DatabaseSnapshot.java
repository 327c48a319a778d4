package io.relationshippolicy.support;

import io.relationshippolicy.decisionlog.DecisionJournal;
import io.relationshippolicy.system.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of every table of the schema (Flyway's history aside), as one digest per table, so a test can
 * show that a refused request changed nothing at all: no row added, removed or updated, and no decision logged.
 */
public final class DatabaseSnapshot {

    private DatabaseSnapshot() {
    }

    public static Map<String, String> take(Database database, DecisionJournal journal) {
        // decisions answered so far reach the log's tables from the journal shortly after: wait for them first
        journal.awaitIndexed();
        return database.read(c -> {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables "
                    + "WHERE LOWER(table_schema) = 'public' AND LOWER(table_type) IN ('table', 'base table')");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1).toLowerCase();
                    if (!table.startsWith("flyway")) {
                        tables.add(table);
                    }
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no tables found: the snapshot would prove nothing");
            }
            Map<String, String> digests = new TreeMap<>();
            for (String table : tables) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table);
                     ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('\u001f');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(String::compareTo);
                digests.put(table, rows.size() + ":" + sha256(String.join("\u001e", rows)));
            }
            return digests;
        });
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
