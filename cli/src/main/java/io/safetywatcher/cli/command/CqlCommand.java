package io.safetywatcher.cli.command;

import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.safetywatcher.cli.UsageError;
import io.safetywatcher.cli.output.Format;
import io.safetywatcher.cli.output.Printer;
import io.safetywatcher.cli.output.Table;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cql "STATEMENT"} runs one statement; {@code cql} alone is an interactive CQL console
 * (statements end with ';', a page at a time). The session's keyspace is the configured one.
 */
@Command(name = "cql", mixinStandardHelpOptions = true,
        description = {"Run CQL against the store: one statement, or with none an interactive console (end statements with ';', "
                + "Enter for the next page, q to stop paging, exit or Ctrl-D to leave)."})
public final class CqlCommand extends OperatorCommand {
    @Parameters(arity = "0..1", paramLabel = "STATEMENT", description = "The statement; quote it for the shell.")
    String statement;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100", description = "Rows per page (default ${DEFAULT-VALUE}).")
    int pageSize;

    @Override
    public Integer call() throws IOException {
        if (pageSize < 1 || pageSize > 10_000) {
            throw new UsageError("--page-size must be between 1 and 10000, not " + pageSize);
        }
        if (statement != null) {
            if (statement.isBlank()) {
                throw new UsageError("the statement is empty");
            }
            run(statement, null);
            return 0;
        }
        Terminal terminal = main().terminal();
        boolean own = terminal == null;
        if (own) {
            terminal = TerminalBuilder.builder().system(true).build();
        }
        try {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            interactive(reader);
        } finally {
            if (own) {
                terminal.close();
            }
        }
        return 0;
    }

    private void interactive(LineReader reader) {
        out().println("CQL on keyspace " + connections().keyspace() + ". End a statement with ';'. exit or Ctrl-D leaves.");
        out().flush();
        StringBuilder pending = new StringBuilder();
        while (true) {
            String line;
            try {
                line = reader.readLine(pending.length() == 0 ? "cql> " : "...> ");
            } catch (UserInterruptException e) {
                pending.setLength(0);
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            String t = line.trim();
            if (pending.length() == 0 && (t.equalsIgnoreCase("exit") || t.equalsIgnoreCase("quit"))) {
                return;
            }
            pending.append(line).append('\n');
            if (t.endsWith(";")) {
                String stmt = pending.toString().trim();
                pending.setLength(0);
                try {
                    run(stmt.substring(0, stmt.length() - 1), reader);
                } catch (UsageError | IllegalStateException e) {
                    err().println("error: " + e.getMessage());
                    err().flush();
                }
            }
        }
    }

    /** Runs one statement and prints its rows a page at a time; with a reader, asks before each next page. */
    void run(String cql, LineReader reader) {
        ResultSet rs;
        try {
            rs = connections().cassandra().execute(SimpleStatement.newInstance(cql).setPageSize(pageSize));
        } catch (QueryValidationException e) {
            throw new UsageError("Cassandra refused the statement: " + e.getMessage());
        }
        List<String> columns = new ArrayList<>();
        for (ColumnDefinition c : rs.getColumnDefinitions()) {
            columns.add(c.getName().asInternal());
        }
        if (columns.isEmpty()) {
            if (format == Format.TABLE) {
                out().println("ok" + (rs.wasApplied() ? "" : " (not applied)"));
                out().flush();
            }
            return;
        }
        Printer printer = printer();
        Table all = new Table("rows", columns); // JSON: one document, so every page goes in one array
        int page = 0;
        long total = 0;
        while (true) {
            if (rs.getAvailableWithoutFetching() == 0 && !rs.isFullyFetched()) {
                rs.iterator().hasNext(); // fetches the next page
            }
            Table t = format == Format.JSON ? all : new Table("rows", columns);
            int n = rs.getAvailableWithoutFetching();
            for (int i = 0; i < n; i++) {
                Row r = rs.one();
                Object[] v = new Object[columns.size()];
                for (int c = 0; c < v.length; c++) {
                    v[c] = r.getObject(c);
                }
                t.add(v);
            }
            total += n;
            if (format == Format.TABLE || (format == Format.CSV && page == 0)) {
                printer.print(t);
            } else if (format == Format.CSV) {
                t.rows().forEach(r -> printer.printRow(single(columns, r), false)); // one header for all pages
            }
            page++;
            if (rs.isFullyFetched() && rs.getAvailableWithoutFetching() == 0 || cancelled()) {
                break;
            }
            if (reader != null && format != Format.JSON) {
                String answer;
                try {
                    answer = reader.readLine("-- " + total + " rows so far; Enter for more, q to stop -- ");
                } catch (UserInterruptException | EndOfFileException e) {
                    break;
                }
                if (answer.trim().equalsIgnoreCase("q")) {
                    break;
                }
            }
        }
        if (format == Format.JSON) {
            printer.print(all);
        }
        if (format == Format.TABLE) {
            out().println("(" + total + " rows)");
            out().flush();
        }
    }

    private static Table single(List<String> columns, List<Object> row) {
        Table t = new Table("rows", columns);
        t.add(row.toArray());
        return t;
    }
}
