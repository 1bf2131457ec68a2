package io.safetywatcher.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CqlTextTest {

    @Test
    void splitsOnSemicolonsAndSkipsBlankStatements() {
        assertThat(CqlText.split("CREATE TABLE a (k int PRIMARY KEY);\n\n;  CREATE TABLE b (k int PRIMARY KEY) ;"))
                .containsExactly("CREATE TABLE a (k int PRIMARY KEY)", "CREATE TABLE b (k int PRIMARY KEY)");
    }

    @Test
    void keepsALastStatementWithoutSemicolon() {
        assertThat(CqlText.split("CREATE TABLE a (k int PRIMARY KEY);\nCREATE TABLE b (k int PRIMARY KEY)\n"))
                .containsExactly("CREATE TABLE a (k int PRIMARY KEY)", "CREATE TABLE b (k int PRIMARY KEY)");
    }

    @Test
    void dropsLineAndBlockComments() {
        String script = """
                -- a comment; with a semicolon and an apostrophe: don't
                // another one; also ignored
                CREATE TABLE a ( -- trailing; comment
                  k int PRIMARY KEY /* inline; block */
                );
                /* a block
                   over lines; */
                """;
        assertThat(CqlText.split(script)).singleElement().satisfies(s -> {
            assertThat(s).startsWith("CREATE TABLE a (").endsWith(")");
            assertThat(s).doesNotContain("--", "//", "/*", "comment", "block");
            assertThat(s).contains("k int PRIMARY KEY");
        });
    }

    @Test
    void keepsSemicolonsAndCommentMarkersInsideStringLiterals() {
        String script = "INSERT INTO t (k, v) VALUES (1, 'a;b -- not a comment // nor this /* nor */');"
                + "INSERT INTO t (k, v) VALUES (2, 'it''s; fine');";
        assertThat(CqlText.split(script)).containsExactly(
                "INSERT INTO t (k, v) VALUES (1, 'a;b -- not a comment // nor this /* nor */')",
                "INSERT INTO t (k, v) VALUES (2, 'it''s; fine')");
    }

    @Test
    void keepsSemicolonsInsideQuotedIdentifiersAndDollarStrings() {
        String script = "CREATE TABLE \"we;ird\"\"name\" (k int PRIMARY KEY);"
                + "INSERT INTO t (k, v) VALUES (1, $$x; y -- z$$)";
        assertThat(CqlText.split(script)).containsExactly(
                "CREATE TABLE \"we;ird\"\"name\" (k int PRIMARY KEY)",
                "INSERT INTO t (k, v) VALUES (1, $$x; y -- z$$)");
    }

    @Test
    void rejectsUnterminatedLiteralsAndComments() {
        assertThatThrownBy(() -> CqlText.split("SELECT 1;\nINSERT INTO t (v) VALUES ('oops);"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated string literal")
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> CqlText.split("CREATE TABLE t /* open"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/* comment");
        assertThatThrownBy(() -> CqlText.split("INSERT INTO t (v) VALUES ($$open)"))
                .hasMessageContaining("$$ string literal");
    }

    @Test
    void substitutesPlaceholdersOnce() {
        Map<String, String> values = Map.of("keyspace", "ks", "replication", "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(CqlText.substitute("CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replication}", values))
                .isEqualTo("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(CqlText.substitute("${keyspace}.a, ${keyspace}.b", values)).isEqualTo("ks.a, ks.b");
        // A value that looks like a placeholder, or holds '$', is inserted as is.
        assertThat(CqlText.substitute("x = ${v}", Map.of("v", "${keyspace} $1"))).isEqualTo("x = ${keyspace} $1");
        assertThat(CqlText.substitute("no placeholders", values)).isEqualTo("no placeholders");
    }

    @Test
    void rejectsUnknownAndMalformedPlaceholders() {
        assertThatThrownBy(() -> CqlText.substitute("CREATE TABLE ${keyspce}.t", Map.of("keyspace", "ks")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${keyspce}");
        assertThatThrownBy(() -> CqlText.substitute("CREATE TABLE ${keyspace.t", Map.of("keyspace", "ks")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed placeholder");
        assertThatThrownBy(() -> CqlText.substitute("${keyspace}.a ${ keyspace}.b", Map.of("keyspace", "ks")))
                .hasMessageContaining("malformed placeholder");
    }

    @Test
    void checksumIsSha256HexAndIgnoresLineEndingsAndBom() {
        // SHA-256 of the empty string and of "abc", well-known values.
        assertThat(CqlText.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(CqlText.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String unix = "CREATE TABLE a (\n  k int PRIMARY KEY\n);\n";
        assertThat(CqlText.sha256(unix.replace("\n", "\r\n"))).isEqualTo(CqlText.sha256(unix));
        assertThat(CqlText.sha256("\uFEFF" + unix)).isEqualTo(CqlText.sha256(unix));
        assertThat(CqlText.sha256(unix + " ")).isNotEqualTo(CqlText.sha256(unix));
    }

    @Test
    void abbreviatesToOneLine() {
        assertThat(CqlText.abbreviate("CREATE TABLE a (\n  k int\n)", 100)).isEqualTo("CREATE TABLE a ( k int )");
        assertThat(CqlText.abbreviate("x".repeat(50), 10)).hasSize(10).endsWith("…");
    }
}
