package io.relationshippolicy.decisionlog;

import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * Streams every entry matching a filter, oldest first, up to the head as it was when the export began.
 * Entries are read a page at a time and pass through a bounded {@link ChunkPipe}, so memory stays
 * bounded whatever the size of the log.
 */
@Singleton
public class DecisionLogExport {

    public enum Format { NDJSON, CSV }

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogExport.class);
    private static final int PAGE = 1000;

    private final DecisionLogQueries queries;
    private final JsonMapper json;
    private final ExecutorService executor;

    public DecisionLogExport(DecisionLogQueries queries, JsonMapper json, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.queries = queries;
        this.json = json;
        this.executor = executor;
    }

    public InputStream stream(DecisionLogQueries.Filter filter, Format format, Locale locale) {
        long head = queries.headSequence();
        ChunkPipe pipe = new ChunkPipe(8);
        executor.execute(() -> {
            try (OutputStream out = pipe.writer()) {
                write(filter, format, locale, head, out);
            } catch (Exception e) {
                LOG.info("decision-log export stopped: {}", e.getMessage());
                pipe.fail(e);
            }
        });
        return pipe;
    }

    /** Writes the export to {@code out} in the calling thread (the benchmark measures this). */
    public long write(DecisionLogQueries.Filter filter, Format format, Locale locale, long head, OutputStream out) throws java.io.IOException {
        long[] range = queries.exportRange(filter, head);
        if (format == Format.CSV) {
            out.write(StoredEntry.csvRecord(StoredEntry.CSV_HEADER).getBytes(StandardCharsets.UTF_8));
        }
        long written = 0;
        long after = range[0] - 1;
        while (after < range[1]) {
            List<StoredEntry> page = queries.oldestFirst(filter, after, range[1], PAGE);
            if (page.isEmpty()) {
                break;
            }
            StringBuilder text = new StringBuilder(page.size() * 1024);
            for (StoredEntry e : page) {
                if (format == Format.CSV) {
                    text.append(e.csv(json));
                } else {
                    text.append(e.ndjson(json, locale)).append('\n');
                }
                after = Math.max(after, e.content().sequence());
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            written += page.size();
        }
        return written;
    }
}
