package io.relationshippolicy.rules;

/** A scenario file that cannot be read, with the place to fix: the file and the line (0 when unknown). */
public final class ScenarioFileException extends RuntimeException {

    private final String file;
    private final int line;

    public ScenarioFileException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
