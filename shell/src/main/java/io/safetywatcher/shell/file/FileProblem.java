package io.safetywatcher.shell.file;

import io.safetywatcher.shell.UsageProblem;

/**
 * A mistake in an operator-written file (city, scenario, routing), located by line and field so the author can go
 * straight to it: {@code scenario.yaml line 7, field 'incidents[1].zone': unknown zone 'x'}.
 */
public final class FileProblem extends RuntimeException implements UsageProblem {
    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    public FileProblem(String file, int line, String field, String problem) {
        super(file + " line " + line + (field == null || field.isEmpty() ? "" : ", field '" + field + "'") + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    public String file() { return file; }

    public int line() { return line; }

    public String field() { return field; }

    public String problem() { return problem; }
}
